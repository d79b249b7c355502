function isKeyChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 46 ||
    c === 45 ||
    c === 58 ||
    c === 64 ||
    c === 47
  );
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * `key=value key2="quoted \"value\"" key3='x'` → pairs, in one pass. Words that are not pairs are
 * skipped; an unterminated quote takes the rest of the line (devices truncate long lines).
 */
export function scanPairs(text: string, start = 0): [string, string][] {
  const pairs: [string, string][] = [];
  let i = start;
  while (i < text.length) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    const keyStart = i;
    while (i < text.length && isKeyChar(text.charCodeAt(i))) i++;
    if (i === keyStart || text.charCodeAt(i) !== 61 /* = */ || i - keyStart > 128) {
      while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
      continue;
    }
    const key = text.slice(keyStart, i);
    i++;
    const quote = text[i];
    let value: string;
    if (quote === '"' || quote === "'") {
      i++;
      let out = '';
      let from = i;
      while (i < text.length && text[i] !== quote) {
        if (text[i] === '\\' && i + 1 < text.length) {
          out += text.slice(from, i);
          from = i + 1;
          i += 2;
        } else {
          i++;
        }
      }
      value = out + text.slice(from, i);
      i++;
    } else {
      const valueStart = i;
      while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
      value = text.slice(valueStart, i);
    }
    pairs.push([key, value]);
  }
  return pairs;
}
