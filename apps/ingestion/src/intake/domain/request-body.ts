import { checkJsonDepth, DEFAULT_MAX_JSON_DEPTH } from '@vigil/parsers';
import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import { clientEventId, idempotentEventId } from './event-id';
import { splitLines, type RawLine } from './raw-line';

export type BodyKind = 'json' | 'ndjson' | 'text';

/** Which body a Content-Type announces on POST /v1/events and /v1/events/raw. */
export function bodyKindOf(contentType: string | undefined, route: 'events' | 'raw'): BodyKind {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (route === 'raw') {
    if (type === 'text/plain' || type === 'application/octet-stream' || type === '') return 'text';
  } else if (type === 'application/json' || type === '') {
    return 'json';
  } else if (
    type === 'application/x-ndjson' ||
    type === 'application/ndjson' ||
    type === 'application/jsonl'
  ) {
    return 'ndjson';
  }
  throw new IngestionError(
    IngestionErrorCode.UnsupportedMediaType,
    route === 'raw'
      ? `Content-Type "${type}" not accepted here: send text/plain log lines`
      : `Content-Type "${type}" not accepted here: send application/json or application/x-ndjson`,
  );
}

/**
 * The lines of a request body, numbered from 1. A JSON body is one object or an array of
 * objects (each element becomes one line, its JSON text the original); NDJSON and text are split
 * on newlines. Event ids: a JSON event's own `event.id` wins; otherwise, with an Idempotency-Key,
 * ids derived from (agency, key, line), so a resent batch is recognised.
 */
export function linesOfBody(
  body: Buffer,
  kind: BodyKind,
  ids: { agencyId: string; idempotencyKey?: string },
  maxEvents = Number.POSITIVE_INFINITY,
): RawLine[] {
  const lines = kind === 'json' ? jsonLines(body, maxEvents) : splitLines(body, maxEvents);
  if (lines.length > maxEvents) throw tooManyEvents(maxEvents);
  return lines.map((raw) => {
    const eventId =
      raw.eventId ??
      (kind === 'ndjson' ? clientEventId(tryJson(raw.bytes)) : undefined) ??
      (ids.idempotencyKey === undefined
        ? undefined
        : idempotentEventId(ids.agencyId, ids.idempotencyKey, raw.line));
    return eventId === undefined ? raw : { ...raw, eventId };
  });
}

/** One level more than an event may nest: the array that holds a batch of events. */
const MAX_BODY_DEPTH = DEFAULT_MAX_JSON_DEPTH + 1;

function tooManyEvents(maxEvents: number): IngestionError {
  return new IngestionError(
    IngestionErrorCode.TooManyEvents,
    `request holds more than ${maxEvents} events; send smaller batches`,
    { max_events: maxEvents },
  );
}

function jsonLines(body: Buffer, maxEvents: number): RawLine[] {
  const text = body.toString('utf8');
  // Checked before anything recursive (JSON.stringify of each element) meets a hostile `[[[[…`.
  const deep = checkJsonDepth(text, MAX_BODY_DEPTH);
  if (deep !== undefined) {
    const line = elementAt(text, deep.column ?? 1);
    throw new IngestionError(
      IngestionErrorCode.InvalidRequest,
      `line ${line}: JSON nests deeper than ${DEFAULT_MAX_JSON_DEPTH} levels (character ${deep.column ?? 1} of the body)`,
      { line },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new IngestionError(
      IngestionErrorCode.InvalidRequest,
      `body is not valid JSON: ${(error as Error).message}; send one JSON object, an array of objects, or NDJSON`,
    );
  }
  const elements = Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
  if (elements.length > maxEvents) throw tooManyEvents(maxEvents);
  return elements.map((element, index) => ({
    line: index + 1,
    bytes: Buffer.from(JSON.stringify(element), 'utf8'),
    eventId: clientEventId(element),
  }));
}

/** The line (top-level array element, from 1; 1 for a single object) holding a character of a JSON body. */
function elementAt(text: string, column: number): number {
  const start = text.search(/\S/);
  if (start === -1 || text[start] !== '[') return 1;
  let element = 1;
  let depth = 0;
  let inString = false;
  for (let i = start; i < column - 1 && i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) element++;
  }
  return element;
}

function tryJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
