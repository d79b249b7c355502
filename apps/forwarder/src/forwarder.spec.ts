import { appendFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { eventually } from '@vigil/testing';
import { ForwarderErrorCode } from './forwarder-error';
import { decodeFileState, stateFileName } from './state/file-state';
import { ForwarderHarness, numberedLines, text } from './test/forwarder-harness';

// Real files, a real HTTP server and real timers: allow for a loaded machine.
jest.setTimeout(20_000);

describe('forwarder against a stand-in ingestion service', () => {
  let harness: ForwarderHarness;
  beforeEach(async () => {
    harness = new ForwarderHarness();
    await harness.setUp();
  });
  afterEach(() => harness.tearDown());

  it('waits out 503 and 429 as told, resending the same batch with the same key', async () => {
    const log = harness.path('auth.log');
    const lines = numberedLines(1, 3);
    await writeFile(log, text(lines));
    const offsetsSeen: number[] = [];
    harness.server.responder = (_request, index) => {
      // What the forwarder has saved at the moment each attempt reaches the server.
      const stateFile = `${harness.path('state')}/${stateFileName(log)}`;
      offsetsSeen.push(decodeFileState(readFileSync(stateFile, 'utf8'), stateFile).offset);
      if (index === 0)
        return { status: 503, headers: { 'retry-after': '2' }, body: { error: 'unavailable' } };
      if (index === 1) return { status: 429, headers: { 'retry-after': '1' }, body: { error: 'quota' } };
      return undefined;
    };

    await expect(harness.run(harness.options([log], { format: 'rfc3164' }))).resolves.toBe('shipped');

    const { requests } = harness.server;
    expect(requests.map((request) => request.status)).toEqual([503, 429, 202]);
    expect(new Set(requests.map((request) => request.idempotencyKey)).size).toBe(1);
    expect(requests[0]).toMatchObject({ apiKey: 'agency-key', format: 'rfc3164', lines });
    expect(harness.waits).toEqual([2000, 1000]);
    expect(offsetsSeen).toEqual([0, 0, 0]);
    expect(await harness.state(log)).toMatchObject({ offset: text(lines).length, pending: undefined });
  });

  it('resumes after a crash from the acknowledged offset, resending only the unacknowledged batch', async () => {
    const log = harness.path('app.log');
    await writeFile(log, text(numberedLines(1, 10)));
    // The third batch reaches the server, which keeps it, but the answer never comes back.
    harness.server.responder = (_request, index) => (index === 2 ? { status: 202, hang: true } : undefined);
    const first = harness.start(harness.options([log], { batchLines: 3 }));
    await eventually(() => harness.server.requests.length === 3, { intervalMs: 10 });
    first.shutdown.abandonNow();
    await expect(first.result).resolves.toBe('stopped');

    const saved = await harness.state(log);
    expect(saved.offset).toBe(text(numberedLines(1, 6)).length);
    expect(saved.pending).toEqual({ start: saved.offset, end: text(numberedLines(1, 9)).length });

    // Restart with a different batch size, after the file grew: the pending range goes first, unchanged.
    await appendFile(log, text(numberedLines(11, 12)));
    harness.server.responder = () => undefined;
    await expect(harness.run(harness.options([log], { batchLines: 5 }))).resolves.toBe('shipped');

    const keys = harness.server.requests.map((request) => request.idempotencyKey);
    expect(keys[3]).toBe(keys[2]);
    expect(new Set(keys).size).toBe(keys.length - 1);
    expect(harness.server.deliveredLines()).toEqual(numberedLines(1, 12));
    expect(await harness.state(log)).toMatchObject({
      offset: text(numberedLines(1, 12)).length,
      pending: undefined,
    });
  });

  it('splits a batch the server finds too large and ships every line once', async () => {
    const log = harness.path('big.log');
    const lines = numberedLines(1, 40, 'entry'); // "entry 1" … about 9 bytes each
    await writeFile(log, text(lines));
    harness.server.responder = (request) =>
      request.bodyBytes > 64 ? { status: 413, body: { error: 'body_too_large', limit: 64 } } : undefined;

    await expect(harness.run(harness.options([log], { gzip: true }))).resolves.toBe('shipped');

    const accepted = harness.server.requests.filter((request) => request.status === 202);
    expect(accepted.every((request) => request.bodyBytes <= 64)).toBe(true);
    expect(harness.server.deliveredLines()).toEqual(lines);
    expect(harness.server.acceptedLines()).toEqual(lines);
    // Later batches are sized for the limit at once: only the first request was refused.
    expect(harness.server.requests.filter((request) => request.status === 413)).toHaveLength(1);
  });

  it('cuts a single line the server will never take whole, and says so', async () => {
    const log = harness.path('huge-line.log');
    await writeFile(log, text(['short', 'y'.repeat(50), 'after']));
    // A server that does not say its limit: the forwarder halves until the body fits.
    harness.server.responder = (request) => (request.bodyBytes > 30 ? { status: 413, body: {} } : undefined);

    await expect(harness.run(harness.options([log]))).resolves.toBe('shipped');

    expect(harness.server.deliveredLines()).toEqual(['short', 'y'.repeat(25), 'after']);
    expect(harness.messages.join('')).toContain('the line at byte 6 is 50 bytes');
    expect((await harness.state(log)).offset).toBe(text(['short', 'y'.repeat(50), 'after']).length);
  });

  it('counts lines the server rejected as delivered and names them', async () => {
    const log = harness.path('mixed.log');
    await writeFile(log, text(['good', 'x'.repeat(70_000), 'good again']));
    harness.server.responder = () => ({
      status: 202,
      body: { accepted: 2, rejected: [{ line: 2, reason: 'line_too_long' }] },
    });

    await expect(harness.run(harness.options([log]))).resolves.toBe('shipped');

    expect(harness.server.requests).toHaveLength(1);
    expect(harness.messages.join('')).toContain('rejected the line at byte 5 (line_too_long)');
  });

  it('ships a trailing line without newline at the end of a file that is not followed', async () => {
    const log = harness.path('tail.log');
    await writeFile(log, 'first\nlast without newline');
    await expect(harness.run(harness.options([log]))).resolves.toBe('shipped');
    expect(harness.server.deliveredLines()).toEqual(['first', 'last without newline']);
  });

  it.each([
    [401, ForwarderErrorCode.UnknownKey, 'does not know this API key'],
    [403, ForwarderErrorCode.DisabledAgency, 'disabled'],
  ])('stops on %i without saving progress', async (status, code, message) => {
    const log = harness.path('denied.log');
    await writeFile(log, text(['one']));
    harness.server.responder = () => ({ status, body: { error: 'no' } });

    const failure = harness.run(harness.options([log]));
    await expect(failure).rejects.toMatchObject({ code });
    await expect(failure).rejects.toThrow(message);
    expect((await harness.state(log)).offset).toBe(0);
  });

  it('gives up after --max-retries with the server still down', async () => {
    const log = harness.path('down.log');
    await writeFile(log, text(['one']));
    harness.server.responder = () => ({ status: 500 });

    await expect(harness.run(harness.options([log], { maxRetries: 2 }))).rejects.toMatchObject({
      code: ForwarderErrorCode.RetriesExhausted,
    });
    expect(harness.server.requests).toHaveLength(3);
    expect(harness.waits).toEqual([375, 750]); // backoff with jitter at random() = 0.5
  });
});
