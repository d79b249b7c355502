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
): RawLine[] {
  const lines = kind === 'json' ? jsonLines(body) : splitLines(body);
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

function jsonLines(body: Buffer): RawLine[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new IngestionError(
      IngestionErrorCode.InvalidRequest,
      `body is not valid JSON: ${(error as Error).message}; send one JSON object, an array of objects, or NDJSON`,
    );
  }
  const elements = Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
  return elements.map((element, index) => ({
    line: index + 1,
    bytes: Buffer.from(JSON.stringify(element), 'utf8'),
    eventId: clientEventId(element),
  }));
}

function tryJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
