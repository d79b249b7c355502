import { Inject, Injectable, Logger } from '@nestjs/common';
import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import { AgencyDirectory } from '../../directory/application/agency-directory';
import { mayUseInput, type Agency } from '../../directory/domain/agency';
import { IngestStats } from '../../ingest-health/application/ingest-stats';
import { IngestLinesUseCase, type IngestOutcome } from '../../intake/application/ingest-lines.use-case';
import { QuotaGate } from '../../intake/application/quota-gate';
import type { RawLine } from '../../intake/domain/raw-line';
import type { SyslogInput } from './syslog-source-identifier';

/**
 * One batch of a syslog sender, with the same rules as an HTTP request: the agency's current
 * record (a time zone change applies at once; a connection opened before its agency was disabled
 * is refused from then on) and its events/s and bytes/s quota, shared with every other input.
 * An input taken from the agency meanwhile is refused like a disabled agency. Over quota the batch is refused with quota_exceeded: a TCP/TLS connection then stops reading
 * and retries (the sender slows down), a UDP batch is dropped, and counted in the agency's ingest
 * health, since UDP cannot push back.
 */
@Injectable()
export class IngestSyslogBatchUseCase {
  private readonly logger = new Logger(IngestSyslogBatchUseCase.name);

  constructor(
    @Inject(AgencyDirectory) private readonly directory: AgencyDirectory,
    @Inject(QuotaGate) private readonly quotas: QuotaGate,
    @Inject(IngestLinesUseCase) private readonly ingestLines: IngestLinesUseCase,
    @Inject(IngestStats) private readonly stats: IngestStats,
  ) {}

  async execute(input: SyslogInput, agency: Agency, lines: RawLine[]): Promise<IngestOutcome> {
    const current = this.directory.get(agency.id);
    if (current?.status !== 'active') {
      throw new IngestionError(IngestionErrorCode.AgencyDisabled, `agency "${agency.id}" is disabled`);
    }
    if (!mayUseInput(current, input)) {
      throw new IngestionError(
        IngestionErrorCode.InputNotAllowed,
        `agency "${agency.id}" may no longer use ${input}`,
      );
    }
    const bytes = lines.reduce((sum, line) => sum + line.bytes.length, 0);
    try {
      await this.quotas.admit(current, input, { events: lines.length, bytes });
    } catch (error) {
      if (input === 'syslog-udp' && error instanceof IngestionError) await this.countDropped(current, lines);
      throw error;
    }
    return this.ingestLines.execute({ agency: current, input, lines, format: 'auto' });
  }

  private async countDropped(agency: Agency, lines: RawLine[]): Promise<void> {
    await this.stats
      .record(agency.id, { accepted: 0, rejected: 0, dropped: lines.length }, new Date())
      .catch((error: unknown) => {
        this.logger.warn({ msg: 'ingest stats not recorded', error: String(error) });
      });
  }
}
