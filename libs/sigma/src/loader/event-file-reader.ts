import { readFileSync } from 'node:fs';

/**
 * Events from a file: `.ndjson`/`.jsonl` (one JSON value per line), or `.json` holding one
 * object, an array of objects, or objects concatenated one after another.
 */
export function readEventFile(file: string): unknown[] {
  return parseEventText(readFileSync(file, 'utf8'), file);
}

/** The events in a file's text; the name decides between JSON lines and JSON. */
export function parseEventText(text: string, file: string): unknown[] {
  if (/\.(ndjson|jsonl)$/i.test(file)) {
    return text
      .split('\n')
      .map((line, i) => ({ line: line.trim(), i }))
      .filter(({ line }) => line !== '')
      .map(({ line, i }) => parseJson(line, `${file}:${i + 1}`));
  }
  const trimmed = text.trim();
  if (trimmed === '') return [];
  try {
    const value: unknown = JSON.parse(trimmed);
    return Array.isArray(value) ? (value as unknown[]) : [value];
  } catch {
    return splitConcatenated(trimmed, file);
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${where}: invalid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Splits `{…}{…}` or `{…}\n{…}` by tracking nesting outside strings. */
function splitConcatenated(text: string, file: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{' || char === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) values.push(parseJson(text.slice(start, i + 1), `${file} (value ${values.length})`));
    } else if (depth === 0 && !/\s/.test(char)) {
      throw new Error(`${file}: unexpected '${char}' between JSON values`);
    }
  }
  if (depth !== 0) throw new Error(`${file}: truncated JSON`);
  return values;
}
