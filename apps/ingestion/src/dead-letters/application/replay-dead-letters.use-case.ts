import { Inject, Injectable, Logger } from '@nestjs/common';
import { inScope, type AgencyScope } from '@vigil/auth';
import { DeadLetterMessageV1, Topics, validateMessage, type DeadLetterV1 } from '@vigil/contracts';
import { KafkaConnection, Publisher, originalBytes, readTopicToEnd } from '@vigil/messaging';
import { AgencyDirectory } from '../../directory/application/agency-directory';
import { IngestLinesUseCase } from '../../intake/application/ingest-lines.use-case';
import { idempotentEventId } from '../../intake/domain/event-id';

export interface ReplayFilter {
  /** Only dead letters of agencies the caller's scope covers. */
  scope: AgencyScope;
  organizationId?: string;
  /** Only dead letters first seen at or after / before these times (ISO). */
  since?: string;
  until?: string;
  /** Only these stages (default: parse, input and index). */
  stages?: DeadLetterV1['stage'][];
}

export interface ReplayReport {
  examined: number;
  replayed: number;
  accepted: number;
  rejected_again: number;
  skipped: { id: string; reason: string }[];
}

/**
 * Re-ingests dead letters after a fix: lines refused by a parser go through parsing again (as
 * input `replay`), events Elasticsearch refused are re-published as they are. Event ids are
 * derived from the dead letter's id, so replaying twice never indexes an event twice. Lines that
 * fail again become new dead letters with the new reason.
 */
@Injectable()
export class ReplayDeadLettersUseCase {
  private readonly logger = new Logger(ReplayDeadLettersUseCase.name);

  constructor(
    @Inject(KafkaConnection) private readonly connection: KafkaConnection,
    @Inject(Publisher) private readonly publisher: Publisher,
    @Inject(AgencyDirectory) private readonly directory: AgencyDirectory,
    @Inject(IngestLinesUseCase) private readonly ingest: IngestLinesUseCase,
  ) {}

  async execute(filter: ReplayFilter): Promise<ReplayReport> {
    const stages = new Set(filter.stages ?? ['parse', 'input', 'index']);
    const report: ReplayReport = { examined: 0, replayed: 0, accepted: 0, rejected_again: 0, skipped: [] };
    await readTopicToEnd(this.connection, Topics.EventsDlqV1, async (records) => {
      for (const record of records) {
        report.examined++;
        let letter: DeadLetterV1;
        try {
          letter = validateMessage<DeadLetterV1>(
            DeadLetterMessageV1,
            JSON.parse(record.value?.toString('utf8') ?? ''),
          );
        } catch (error) {
          report.skipped.push({
            id: `${record.partition}:${record.offset}`,
            reason: `unreadable: ${String(error)}`,
          });
          continue;
        }
        if (!matches(letter, filter, stages)) continue;
        await this.replay(letter, report);
      }
    });
    this.logger.log({ msg: 'dead letters replayed', ...report, skipped: report.skipped.length });
    return report;
  }

  private async replay(letter: DeadLetterV1, report: ReplayReport): Promise<void> {
    const agency =
      letter.organization_id === undefined ? undefined : this.directory.get(letter.organization_id);
    if (!agency) {
      report.skipped.push({ id: letter.id, reason: `agency "${letter.organization_id ?? '?'}" unknown` });
      return;
    }
    report.replayed++;
    if (letter.stage === 'index') {
      await this.publisher.publishRaw(Topics.EventsV1, [{ key: agency.id, value: originalBytes(letter) }]);
      report.accepted++;
      return;
    }
    const outcome = await this.ingest.execute({
      agency,
      input: 'replay',
      lines: [
        {
          line: 1,
          bytes: originalBytes(letter),
          eventId: idempotentEventId(agency.id, `replay:${letter.id}`, 1),
        },
      ],
    });
    report.accepted += outcome.accepted;
    report.rejected_again += outcome.rejected.length;
  }
}

function matches(letter: DeadLetterV1, filter: ReplayFilter, stages: Set<string>): boolean {
  if (!stages.has(letter.stage)) return false;
  if (
    letter.organization_id === undefined
      ? filter.scope.kind !== 'all'
      : !inScope(filter.scope, letter.organization_id)
  )
    return false;
  if (filter.organizationId !== undefined && letter.organization_id !== filter.organizationId) return false;
  if (filter.since !== undefined && letter.first_seen_at < filter.since) return false;
  if (filter.until !== undefined && letter.first_seen_at >= filter.until) return false;
  return true;
}
