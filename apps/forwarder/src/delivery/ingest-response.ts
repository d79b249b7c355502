import { ForwarderErrorCode } from '../forwarder-error';
import { retryAfterMs } from './retry-policy';

export interface RejectedLine {
  /** 1-based line number within the request body. */
  line: number;
  reason: string;
}

/** What one POST to /v1/events/raw came to, sorted by what the forwarder does next. */
export type IngestOutcome =
  /** 2xx: every line is delivered; rejected ones sit in the server's dead-letter queue. */
  | { kind: 'accepted'; accepted: number; rejected: RejectedLine[] }
  /** 413: split the batch (under limitBytes when the server said) and send the parts. */
  | { kind: 'too-large'; limitBytes: number | undefined }
  /** 429 quota or 503 Kafka unavailable: wait (Retry-After) and resend the same batch. */
  | { kind: 'throttled'; status: number; retryAfterMs: number | undefined }
  /** Network errors and other 5xx: back off and resend the same batch. */
  | { kind: 'transient'; reason: string }
  /** Retrying cannot help: the key, the agency or the request itself is wrong. */
  | { kind: 'fatal'; code: ForwarderErrorCode; message: string };

/** Sorts an HTTP response into an outcome. Pure. */
export function classifyResponse(
  status: number,
  retryAfterHeader: string | null,
  body: string,
  now: Date,
): IngestOutcome {
  if (status >= 200 && status < 300) return accepted(body);
  switch (status) {
    case 401:
      return {
        kind: 'fatal',
        code: ForwarderErrorCode.UnknownKey,
        message: 'the server does not know this API key (401)',
      };
    case 403:
      return {
        kind: 'fatal',
        code: ForwarderErrorCode.DisabledAgency,
        message: 'the agency of this API key is disabled on the server (403)',
      };
    case 413:
      return { kind: 'too-large', limitBytes: bodyLimit(body) };
    case 429:
    case 503:
      return { kind: 'throttled', status, retryAfterMs: retryAfterMs(retryAfterHeader, now) };
    default:
      if (status === 408 || status >= 500) return { kind: 'transient', reason: `HTTP ${status}` };
      return {
        kind: 'fatal',
        code: ForwarderErrorCode.Rejected,
        message: `the server refused the request (HTTP ${status}${body === '' ? '' : `: ${body.slice(0, 300)}`})`,
      };
  }
}

function accepted(body: string): IngestOutcome {
  const parsed = parseJson(body);
  const accepted = typeof parsed?.accepted === 'number' ? parsed.accepted : 0;
  const rejected = Array.isArray(parsed?.rejected) ? parsed.rejected.flatMap(rejectedLine) : [];
  return { kind: 'accepted', accepted, rejected };
}

function rejectedLine(value: unknown): RejectedLine[] {
  if (typeof value !== 'object' || value === null) return [];
  const { line, reason } = value as Record<string, unknown>;
  if (typeof line !== 'number') return [];
  return [{ line, reason: typeof reason === 'string' ? reason : 'unknown' }];
}

function bodyLimit(body: string): number | undefined {
  const limit = parseJson(body)?.limit;
  return typeof limit === 'number' && limit > 0 ? limit : undefined;
}

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
