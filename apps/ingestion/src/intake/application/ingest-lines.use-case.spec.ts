import type { Publisher } from '@vigil/messaging';
import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import type { IngestStats } from '../../ingest-health/application/ingest-stats';
import { agencyFactory } from '../../syslog/test/agency.factory';
import type { RawLine } from '../domain/raw-line';
import { IngestLinesUseCase, type IntakeLimits } from './ingest-lines.use-case';

/** A publisher that holds every publish until Kafka "answers" (release), as a slow broker does. */
class HeldPublisher {
  readonly published: string[] = [];
  private readonly held: (() => void)[] = [];

  publish(_topic: string, payloads: unknown): Promise<void> {
    const list = Array.isArray(payloads) ? payloads : [payloads];
    for (const payload of list)
      this.published.push((payload as { organization?: { id: string } }).organization?.id ?? '');
    return new Promise<void>((resolve) => this.held.push(resolve));
  }

  releaseAll(): void {
    for (const resolve of this.held.splice(0)) resolve();
  }
}

const stats = { record: () => Promise.resolve() } as unknown as IngestStats;
const limits = (agencyPendingBytes: number): IntakeLimits => ({
  maxLineBytes: 65536,
  publishTimeoutMs: 10_000,
  maxEventsPerRequest: 1000,
  agencyPendingBytes,
});
const lines = (count: number, bytes = 100): RawLine[] =>
  Array.from({ length: count }, (_, i) => ({
    line: i + 1,
    bytes: Buffer.from(`<13>Nov 27 10:00:00 host app: ${'x'.repeat(bytes)}`),
  }));

async function refusal(promise: Promise<unknown>): Promise<IngestionError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof IngestionError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('IngestLinesUseCase: each agency its own share of what waits for Kafka', () => {
  const flooder = agencyFactory('agency-flood');
  const quiet = agencyFactory('agency-quiet');

  it('refuses the agency whose share is waiting, lets another agency through, and frees the share once Kafka answers', async () => {
    const publisher = new HeldPublisher();
    const ingest = new IngestLinesUseCase(publisher as unknown as Publisher, stats, limits(8 * 1024));

    const first = ingest.execute({ agency: flooder, input: 'http', lines: lines(50) });
    const refused = await refusal(ingest.execute({ agency: flooder, input: 'syslog-tcp', lines: lines(50) }));
    expect(refused.code).toBe(IngestionErrorCode.AgencyBacklogged);
    expect(refused.retryAfterSeconds).toBe(1);

    const other = ingest.execute({ agency: quiet, input: 'http', lines: lines(5) });
    await new Promise(setImmediate);
    expect(publisher.published.filter((id) => id === quiet.id)).toHaveLength(5);

    publisher.releaseAll();
    await expect(first).resolves.toMatchObject({ accepted: 50 });
    await expect(other).resolves.toMatchObject({ accepted: 5 });
    const again = ingest.execute({ agency: flooder, input: 'http', lines: lines(50) });
    await new Promise(setImmediate);
    publisher.releaseAll();
    await expect(again).resolves.toMatchObject({ accepted: 50 });
  });

  it('lets in one batch larger than the share when the agency has nothing waiting', async () => {
    const publisher = new HeldPublisher();
    const ingest = new IngestLinesUseCase(publisher as unknown as Publisher, stats, limits(1024));
    const big = ingest.execute({ agency: flooder, input: 'http', lines: lines(100) });
    await new Promise(setImmediate);
    publisher.releaseAll();
    await expect(big).resolves.toMatchObject({ accepted: 100 });
  });
});
