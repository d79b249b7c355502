import { fail, ParseErrorCode, type FormatFailure } from '../parse-error';

const KEY_RE = /^[A-Za-z0-9_.[\]-]{1,100}$/;

function unescapeValue(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length) {
      const next = raw[i + 1];
      i++;
      if (next === 'n') out += '\n';
      else if (next === 'r') out += '\r';
      else if (next === 't') out += '\t';
      else if (next === '=' || next === '\\' || next === '|') out += next;
      else out += c + next;
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * CEF extension `k1=v1 k2=value with spaces k3=a\=b` → pairs. A value runs until the space before
 * the next `key=`; an `=` not preceded by a valid key stays in the value (real devices forget to
 * escape it in URLs). One forward pass, so hostile input stays linear.
 */
export function parseCefExtension(
  text: string,
  offset: number,
): { ok: true; pairs: [string, string][] } | FormatFailure {
  const pairs: [string, string][] = [];
  let i = 0;
  while (i < text.length && text[i] === ' ') i++;
  if (i === text.length) return { ok: true, pairs };
  const firstEq = text.indexOf('=', i);
  const firstKey = firstEq === -1 ? '' : text.slice(i, firstEq);
  if (!KEY_RE.test(firstKey)) {
    return fail(ParseErrorCode.InvalidExtension, 'CEF extension: expected key=value', offset + i + 1);
  }
  let key = firstKey;
  let valueStart = firstEq + 1;
  let lastSpace = -1;
  for (let j = valueStart; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 92 /* \ */) {
      j++;
    } else if (c === 32 /* space */) {
      lastSpace = j;
    } else if (c === 61 /* = */ && lastSpace >= valueStart) {
      const candidate = text.slice(lastSpace + 1, j);
      if (KEY_RE.test(candidate)) {
        pairs.push([key, unescapeValue(text.slice(valueStart, lastSpace).trimEnd())]);
        key = candidate;
        valueStart = j + 1;
        lastSpace = -1;
      }
    }
  }
  pairs.push([key, unescapeValue(text.slice(valueStart).trimEnd())]);
  return { ok: true, pairs };
}
