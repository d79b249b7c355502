import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import type { RawLine } from '../../intake/domain/raw-line';
import { SyslogDeframer } from '../domain/syslog-deframer';
import { StreamIntake } from './stream-intake';

/** A promise the test settles by hand, like a Kafka acknowledgement that has not come yet. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const unavailable = (): IngestionError =>
  new IngestionError(IngestionErrorCode.KafkaUnavailable, 'event stream unavailable; retry later');

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** A connection under test: the socket's pause state, the batches ingested, and Kafka's answers. */
function connection(answers: (() => Promise<void>)[] = []) {
  const calls: string[][] = [];
  const flow = { paused: false, resumes: 0 };
  const retries: number[] = [];
  const abandoned: number[] = [];
  const intake = new StreamIntake({
    deframer: new SyslogDeframer(1024),
    ingest: (lines: RawLine[]) => {
      calls.push(lines.map((line) => `${line.line}:${line.bytes.toString()}`));
      return (answers.shift() ?? (() => Promise.resolve()))();
    },
    flow: {
      pause: () => {
        flow.paused = true;
      },
      resume: () => {
        flow.paused = false;
        flow.resumes++;
      },
    },
    delayMs: () => 1,
    onRetry: ({ attempt }) => retries.push(attempt),
    onAbandoned: (frames) => abandoned.push(frames),
  });
  return { intake, calls, flow, retries, abandoned };
}

describe('StreamIntake (back-pressure of one syslog connection)', () => {
  it('reads what the socket has ready, then pauses and ingests its complete frames as one batch, resuming once Kafka has them', async () => {
    const ack = deferred();
    const { intake, calls, flow } = connection([() => ack.promise]);
    intake.receive(Buffer.from('<13>a\n5 <13>b'));
    intake.receive(Buffer.from('<13>c\n<13>part'));
    expect(calls).toEqual([]);
    await flush();
    expect(flow.paused).toBe(true);
    expect(calls).toEqual([['1:<13>a', '2:<13>b', '3:<13>c']]);
    await flush();
    expect(flow.paused).toBe(true);
    ack.resolve();
    await flush();
    expect(flow.paused).toBe(false);
    expect(intake.waiting).toBe(0);
  });

  it('pauses at once when a turn brings more than one batch, and ingests it in bounded batches before resuming', async () => {
    const batches: number[] = [];
    const pauses: boolean[] = [];
    const intake = new StreamIntake({
      deframer: new SyslogDeframer(1024),
      ingest: (lines) => {
        batches.push(lines.length);
        return Promise.resolve();
      },
      flow: { pause: () => pauses.push(true), resume: () => pauses.push(false) },
      maxBatchBytes: 100,
      maxBatchLines: 3,
    });
    intake.receive(Buffer.from('<13>1\n<13>2\n<13>3\n<13>4\n<13>5\n'));
    expect(pauses).toEqual([]);
    intake.receive(Buffer.from(`<13>${'x'.repeat(90)}\n<13>${'y'.repeat(90)}\n<13>6\n`));
    expect(pauses).toEqual([true]);
    await intake.idle();
    expect(batches).toEqual([3, 2, 1, 2]);
    expect(pauses).toEqual([true, false]);
  });

  it('resumes at once when a chunk holds no complete frame', async () => {
    const { intake, calls, flow } = connection();
    intake.receive(Buffer.from('<13>no end yet'));
    await flush();
    expect(calls).toEqual([]);
    expect(flow.paused).toBe(false);
  });

  it('keeps the frames and stays paused while Kafka is unavailable, retrying the same batch until it succeeds', async () => {
    const { intake, calls, flow, retries } = connection([
      () => Promise.reject(unavailable()),
      () => Promise.reject(unavailable()),
      () => Promise.reject(unavailable()),
    ]);
    intake.receive(Buffer.from('<13>a\n<13>b\n'));
    await flush();
    await intake.idle();
    expect(calls).toEqual([
      ['1:<13>a', '2:<13>b'],
      ['1:<13>a', '2:<13>b'],
      ['1:<13>a', '2:<13>b'],
      ['1:<13>a', '2:<13>b'],
    ]);
    expect(retries).toEqual([0, 1, 2]);
    expect(flow.resumes).toBe(1);
    expect(flow.paused).toBe(false);
  });

  it('never resumes reading between a failure and its successful retry', async () => {
    const second = deferred();
    const { intake, flow } = connection([() => Promise.reject(unavailable()), () => second.promise]);
    intake.receive(Buffer.from('<13>a\n'));
    for (let i = 0; i < 10; i++) {
      await flush();
      expect(flow.paused).toBe(true);
    }
    second.resolve();
    await intake.idle();
    expect(flow.paused).toBe(false);
  });

  it('batches chunks that arrive while a batch is in flight into the next batch, in order', async () => {
    const ack = deferred();
    const { intake, calls } = connection([() => ack.promise]);
    intake.receive(Buffer.from('<13>a\n'));
    await flush();
    intake.receive(Buffer.from('<13>b\n<13>'));
    intake.receive(Buffer.from('c\n'));
    ack.resolve();
    await flush();
    await intake.idle();
    expect(calls).toEqual([['1:<13>a'], ['2:<13>b', '3:<13>c']]);
  });

  it('stops retrying when the connection closes, without resuming', async () => {
    const { intake, calls, flow, abandoned } = connection(
      Array.from({ length: 1000 }, () => () => Promise.reject(unavailable())),
    );
    intake.receive(Buffer.from('<13>a\n'));
    await flush();
    const before = calls.length;
    intake.close();
    await intake.idle();
    await flush();
    expect(calls.length).toBeLessThanOrEqual(before + 1);
    expect(flow.paused).toBe(true);
    expect(abandoned).toEqual([1]);
  });

  it('gives up at once on an error retrying cannot cure, and reports the frames it refused', async () => {
    const refusals: { code: unknown; frames: number }[] = [];
    const disabled = new IngestionError(IngestionErrorCode.AgencyDisabled, 'agency "a" is disabled');
    const calls: number[] = [];
    const flow = { paused: false };
    const intake = new StreamIntake({
      deframer: new SyslogDeframer(1024),
      ingest: (lines) => {
        calls.push(lines.length);
        return Promise.reject(disabled);
      },
      flow: {
        pause: () => (flow.paused = true),
        resume: () => (flow.paused = false),
      },
      maxBatchLines: 2,
      isPermanent: (error) =>
        error instanceof IngestionError && error.code === IngestionErrorCode.AgencyDisabled,
      onRefused: ({ error, frames }) => refusals.push({ code: (error as IngestionError).code, frames }),
    });
    intake.receive(Buffer.from('<13>a\n<13>b\n<13>c\n'));
    await flush();
    await intake.idle();
    expect(calls).toEqual([2]);
    expect(refusals).toEqual([{ code: 'agency_disabled', frames: 3 }]);
    expect(flow.paused).toBe(true);
    intake.receive(Buffer.from('<13>d\n'));
    await flush();
    expect(calls).toEqual([2]);
  });

  it('wakes a long backoff at once on close', async () => {
    const calls: number[] = [];
    const intake = new StreamIntake({
      deframer: new SyslogDeframer(1024),
      ingest: () => {
        calls.push(1);
        return Promise.reject(unavailable());
      },
      flow: { pause: () => undefined, resume: () => undefined },
      delayMs: () => 60_000,
    });
    intake.receive(Buffer.from('<13>a\n'));
    await flush();
    const started = Date.now();
    intake.close();
    await intake.idle();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(calls).toHaveLength(1);
  });

  it('ingests the unterminated tail when the peer finishes, and does not resume reading', async () => {
    const { intake, calls, flow } = connection();
    intake.receive(Buffer.from('<13>a\n<13>tail'));
    await flush();
    expect(flow.resumes).toBe(1);
    await intake.finish();
    expect(calls).toEqual([['1:<13>a'], ['2:<13>tail']]);
    expect(flow.resumes).toBe(1);
  });

  it('on shutdown reads nothing more, takes what was read to Kafka, and never resumes', async () => {
    const ack = deferred();
    const { intake, calls, flow } = connection([() => Promise.reject(unavailable()), () => ack.promise]);
    intake.receive(Buffer.from('<13>a\n<13>partial'));
    let stopped = false;
    const stopping = intake.stopReading().then(() => {
      stopped = true;
    });
    expect(flow.paused).toBe(true);
    await flush();
    expect(stopped).toBe(false);
    ack.resolve();
    await stopping;
    expect(calls).toEqual([['1:<13>a'], ['1:<13>a']]);
    expect(flow.resumes).toBe(0);
  });

  it('reports over-long frames and still ingests them (ingestion dead-letters them)', async () => {
    const overLimit: number[] = [];
    const batches: RawLine[][] = [];
    const intake = new StreamIntake({
      deframer: new SyslogDeframer(256),
      ingest: (lines) => {
        batches.push(lines);
        return Promise.resolve();
      },
      flow: { pause: () => undefined, resume: () => undefined },
      onOverLimit: (frame) => overLimit.push(frame.overLimit?.size ?? 0),
    });
    intake.receive(Buffer.from(`<13>${'x'.repeat(996)}\n<13>ok\n`));
    await flush();
    await intake.idle();
    expect(overLimit).toEqual([1000]);
    expect(batches[0].map((line) => line.bytes.length)).toEqual([257, 6]);
  });
});
