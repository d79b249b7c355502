import { ForwarderErrorCode } from '../forwarder-error';
import { classifyResponse } from './ingest-response';

const now = new Date('2026-11-27T10:00:00Z');

describe('classifyResponse', () => {
  it('reads accepted and rejected lines from a 202', () => {
    const body = JSON.stringify({ accepted: 2, rejected: [{ line: 3, reason: 'line_too_long' }] });
    expect(classifyResponse(202, null, body, now)).toEqual({
      kind: 'accepted',
      accepted: 2,
      rejected: [{ line: 3, reason: 'line_too_long' }],
    });
  });

  it('still counts a 2xx with an unreadable body as delivered', () => {
    expect(classifyResponse(200, null, 'ok', now)).toEqual({ kind: 'accepted', accepted: 0, rejected: [] });
  });

  it('stops on an unknown key or a disabled agency', () => {
    expect(classifyResponse(401, null, '', now)).toMatchObject({
      kind: 'fatal',
      code: ForwarderErrorCode.UnknownKey,
    });
    expect(classifyResponse(403, null, '', now)).toMatchObject({
      kind: 'fatal',
      code: ForwarderErrorCode.DisabledAgency,
    });
    const badRequest = classifyResponse(400, null, '{"error":"bad format"}', now);
    expect(badRequest.kind === 'fatal' && badRequest.message).toContain('bad format');
  });

  it('reads the limit of a 413', () => {
    expect(classifyResponse(413, null, '{"error":"body_too_large","limit":65536}', now)).toEqual({
      kind: 'too-large',
      limitBytes: 65536,
    });
    expect(classifyResponse(413, null, '', now)).toEqual({ kind: 'too-large', limitBytes: undefined });
  });

  it('waits as told on 429 and 503, backs off on other server errors', () => {
    expect(classifyResponse(429, '5', '', now)).toEqual({
      kind: 'throttled',
      status: 429,
      retryAfterMs: 5000,
    });
    expect(classifyResponse(503, null, '', now)).toEqual({
      kind: 'throttled',
      status: 503,
      retryAfterMs: undefined,
    });
    expect(classifyResponse(502, null, '', now)).toEqual({ kind: 'transient', reason: 'HTTP 502' });
  });
});
