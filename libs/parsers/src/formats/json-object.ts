import { fail, ParseErrorCode, type FormatFailure } from '../parse-error';
import { isRecord, setOwn } from '../event-draft';

/**
 * Rejects nesting deeper than `maxDepth` before JSON.parse, so later recursive walks are safe and
 * a hostile `[[[[…` costs one linear pass.
 */
export function checkJsonDepth(text: string, maxDepth: number): FormatFailure | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > maxDepth) {
        return fail(ParseErrorCode.NestingTooDeep, `JSON: nesting deeper than ${maxDepth} levels`, i + 1);
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
    }
  }
  return undefined;
}

const POSITION_RE = /position (\d{1,10})/;

/** JSON.parse with the engine's complaint turned into a reason with a column. */
export function parseJsonObject(
  text: string,
  maxDepth: number,
): { ok: true; value: Record<string, unknown> } | FormatFailure {
  const start = text.search(/\S/);
  if (start === -1 || text[start] !== '{') {
    return fail(ParseErrorCode.InvalidJson, 'JSON: expected an object starting with "{"', start + 1 || 1);
  }
  const deep = checkJsonDepth(text, maxDepth);
  if (deep !== undefined) return deep;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    const position = POSITION_RE.exec(message);
    const detail = message
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/, "[\s\S]*$/, '')
      .slice(0, 120);
    return fail(
      ParseErrorCode.InvalidJson,
      `JSON: ${detail}`,
      position === null ? undefined : Number(position[1]) + 1,
    );
  }
  if (!isRecord(value)) return fail(ParseErrorCode.InvalidJson, 'JSON: expected an object', start + 1);
  return { ok: true, value };
}

/**
 * `{"source.ip": "1.2.3.4"}` → `{ source: { ip: "1.2.3.4" } }`, recursively. A dotted key whose
 * path collides with a scalar keeps its dotted name rather than losing either value.
 */
export function expandDottedKeys(value: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const raw = value[key];
    const item = isRecord(raw) && depth < 64 ? expandDottedKeys(raw, depth + 1) : raw;
    if (!key.includes('.') || key.startsWith('.') || key.endsWith('.') || key.includes('..')) {
      mergeInto(out, key, item);
      continue;
    }
    const path = key.split('.');
    let target = out;
    let collided = false;
    for (const segment of path.slice(0, -1)) {
      const existing = Object.hasOwn(target, segment) ? target[segment] : undefined;
      if (existing === undefined) {
        const created: Record<string, unknown> = {};
        setOwn(target, segment, created);
        target = created;
      } else if (isRecord(existing)) {
        target = existing;
      } else {
        collided = true;
        break;
      }
    }
    if (collided) setOwn(out, key, item);
    else mergeInto(target, path[path.length - 1], item);
  }
  return out;
}

function mergeInto(target: Record<string, unknown>, key: string, value: unknown): void {
  const existing = Object.hasOwn(target, key) ? target[key] : undefined;
  if (isRecord(existing) && isRecord(value)) {
    for (const inner of Object.keys(value)) mergeInto(existing, inner, value[inner]);
  } else {
    setOwn(target, key, value);
  }
}
