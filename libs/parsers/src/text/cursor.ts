/** A position in a line being scanned left to right. */
export interface Cursor {
  readonly text: string;
  pos: number;
}

/** The next space-delimited token (the cursor moves past its space); undefined at end of line. */
export function nextToken(cursor: Cursor): string | undefined {
  const { text } = cursor;
  if (cursor.pos >= text.length) return undefined;
  let end = text.indexOf(' ', cursor.pos);
  if (end === -1) end = text.length;
  const value = text.slice(cursor.pos, end);
  cursor.pos = end + 1;
  return value;
}
