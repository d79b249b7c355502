import { appendFile, rename, truncate, writeFile } from 'node:fs/promises';
import { eventually } from '@vigil/testing';
import { ForwarderHarness, numberedLines, text } from './test/forwarder-harness';

// Real files, a real HTTP server and real timers: allow for a loaded machine.
jest.setTimeout(20_000);

describe('forwarder following files', () => {
  let harness: ForwarderHarness;
  beforeEach(async () => {
    harness = new ForwarderHarness();
    await harness.setUp();
  });
  afterEach(() => harness.tearDown());

  const delivered = (expected: string[]) =>
    eventually(
      () => {
        expect(harness.server.deliveredLines()).toEqual(expected);
      },
      {
        timeoutMs: 15_000,
        intervalMs: 10,
      },
    );

  it('picks up appended lines and a rotated file, and waits for a line to be completed', async () => {
    const log = harness.path('syslog');
    await writeFile(log, text(numberedLines(1, 2)));
    // Polls every 100 ms, so a rotated file is drained until it has been quiet for 200 ms.
    const { shutdown, result } = harness.start(harness.options([log], { follow: true, pollIntervalMs: 100 }));
    await delivered(numberedLines(1, 2));

    await appendFile(log, text(numberedLines(3, 4)));
    await delivered(numberedLines(1, 4));

    // logrotate: rename, the writer still finishes a line in the old file, then a new file.
    await rename(log, `${log}.1`);
    await appendFile(`${log}.1`, text(['line 5']));
    await writeFile(log, text(numberedLines(6, 7)));
    await delivered(numberedLines(1, 7));

    await appendFile(log, 'half a li');
    await eventually(async () => {
      expect((await harness.state(log)).offset).toBe(text(numberedLines(6, 7)).length);
    });
    shutdown.stop();
    await expect(result).resolves.toBe('stopped');
    expect(harness.server.deliveredLines()).toEqual(numberedLines(1, 7));
  });

  it('starts again from the beginning of a truncated file', async () => {
    const log = harness.path('app.log');
    await writeFile(log, text(numberedLines(1, 3)));
    const { shutdown, result } = harness.start(harness.options([log], { follow: true }));
    await delivered(numberedLines(1, 3));

    await truncate(log, 0);
    await eventually(
      async () => {
        expect((await harness.state(log)).offset).toBe(0);
      },
      { intervalMs: 10 },
    );
    await appendFile(log, text(['after truncation']));
    await delivered([...numberedLines(1, 3), 'after truncation']);

    shutdown.stop();
    await expect(result).resolves.toBe('stopped');
  });

  it('finishes a file rotated while the forwarder was stopped, then ships the new one', async () => {
    const log = harness.path('access.log');
    await writeFile(log, text(numberedLines(1, 2)));
    await expect(harness.run(harness.options([log]))).resolves.toBe('shipped');

    await appendFile(log, text(['line 3']));
    await rename(log, `${log}.1`);
    await writeFile(log, text(['new 1']));
    await expect(harness.run(harness.options([log]))).resolves.toBe('shipped');

    expect(harness.server.deliveredLines()).toEqual([...numberedLines(1, 3), 'new 1']);
    expect(harness.server.acceptedLines()).toEqual([...numberedLines(1, 3), 'new 1']);
  });

  it('waits for a file that does not exist yet', async () => {
    const log = harness.path('later.log');
    const { shutdown, result } = harness.start(harness.options([log], { follow: true }));
    await eventually(
      () => {
        expect(harness.messages.join('')).toContain('waiting for');
      },
      { intervalMs: 10 },
    );
    await writeFile(log, text(['finally']));
    await delivered(['finally']);
    shutdown.stop();
    await expect(result).resolves.toBe('stopped');
  });
});
