import { Inject, Injectable, Logger } from '@nestjs/common';
import { Topics, type NormalizedEvent } from '@vigil/contracts';
import { PublishUnavailableError, Publisher, toDeadLetter, type PoisonRecord } from '@vigil/messaging';
import { ParseErrorCode, parseLine, type LogFormat, type ParseResult } from '@vigil/parsers';
import { randomUUID } from 'node:crypto';
import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import type { Agency } from '../../directory/domain/agency';
import type { RawLine } from '../domain/raw-line';
import { IngestStats } from '../../ingest-health/application/ingest-stats';
import { AgencyBacklog } from './agency-backlog';
import { intakeMetrics } from './intake.metrics';

export type IngestInput = 'http' | 'syslog-udp' | 'syslog-tcp' | 'syslog-tls' | 'replay';

export interface IngestRequest {
  agency: Agency;
  input: IngestInput;
  lines: readonly RawLine[];
  format?: LogFormat | 'auto';
  receivedAt?: Date;
  drillRunId?: string;
}

export interface Rejection {
  line: number;
  code: string;
  reason: string;
}

export interface IngestOutcome {
  accepted: number;
  rejected: Rejection[];
}

export const INTAKE_LIMITS = Symbol('vigil.ingestion.intake-limits');
export interface IntakeLimits {
  maxLineBytes: number;
  publishTimeoutMs: number;
  /** Events one HTTP request may hold. */
  maxEventsPerRequest: number;
  /** Input bytes one agency may have waiting for Kafka at once (see AgencyBacklog). */
  agencyPendingBytes: number;
}

/**
 * The one way lines enter Vigil, whatever the input (HTTP, syslog, DLQ replay): parse each line
 * for its agency, publish the events and the dead letters of lines that did not parse, and return
 * only once Kafka has both (acks=all). Only then may the caller acknowledge. If Kafka does not
 * answer in time, nothing is acknowledged: the caller answers 503 / stops reading.
 */
@Injectable()
export class IngestLinesUseCase {
  private readonly logger = new Logger(IngestLinesUseCase.name);
  private readonly backlog: AgencyBacklog;

  constructor(
    @Inject(Publisher) private readonly publisher: Publisher,
    @Inject(IngestStats) private readonly stats: IngestStats,
    @Inject(INTAKE_LIMITS) private readonly limits: IntakeLimits,
  ) {
    this.backlog = new AgencyBacklog(limits.agencyPendingBytes);
  }

  /** Keeps input refused as a whole (e.g. a body that is not JSON) in the dead-letter queue. */
  async keepRejected(
    agency: Agency,
    input: IngestInput,
    bytes: Buffer,
    error: IngestionError,
  ): Promise<void> {
    const letter = toDeadLetter({
      id: randomUUID(),
      original: bytes,
      reason: error.message,
      stage: 'input',
      errorCode: error.code,
      organizationId: agency.id,
      source: { input },
    });
    await this.publish(input, () =>
      this.publisher.publish(Topics.EventsDlqV1, letter, { timeoutMs: this.limits.publishTimeoutMs }),
    );
  }

  /**
   * Refused with agency_backlogged, before any parsing, when the agency already has its share
   * waiting for Kafka: the caller answers 429 or stops reading, and other agencies are not held up.
   */
  async execute(request: IngestRequest): Promise<IngestOutcome> {
    const { agency } = request;
    const bytes = request.lines.reduce((sum, raw) => sum + raw.bytes.length, 0);
    if (!this.backlog.tryTake(agency.id, bytes)) {
      intakeMetrics.backlogRejections.inc({ agency: agency.id, input: request.input });
      throw new IngestionError(
        IngestionErrorCode.AgencyBacklogged,
        `agency "${agency.id}" already has ${this.backlog.waitingBytes(agency.id)} bytes waiting for the event stream; retry later`,
        {},
        1,
      );
    }
    try {
      return await this.ingestAll(request);
    } finally {
      this.backlog.release(agency.id, bytes);
    }
  }

  private async ingestAll(request: IngestRequest): Promise<IngestOutcome> {
    const receivedAt = request.receivedAt ?? new Date();
    const { agency } = request;
    const events: NormalizedEvent[] = [];
    const dead: PoisonRecord[] = [];
    const rejected: Rejection[] = [];
    for (const raw of request.lines) {
      const result: ParseResult =
        raw.tooLong === undefined
          ? parseLine(raw.bytes, {
              organizationId: agency.id,
              format: request.format ?? 'auto',
              timezone: agency.timezone,
              receivedAt,
              eventId: raw.eventId,
              maxLineBytes: this.limits.maxLineBytes,
              input: request.input,
              drillRunId: request.drillRunId,
            })
          : {
              ok: false,
              error: {
                code: ParseErrorCode.LineTooLong,
                reason: raw.tooLong,
                format: request.format ?? 'auto',
              },
            };
      if (result.ok) {
        events.push(result.event);
        continue;
      }
      rejected.push({ line: raw.line, code: result.error.code, reason: result.error.reason });
      dead.push({
        id: randomUUID(),
        original: raw.bytes,
        reason: result.error.reason,
        stage: 'parse',
        errorCode: result.error.code,
        organizationId: agency.id,
        source: { input: request.input, format: result.error.format, line: raw.line },
      });
    }

    const options = { timeoutMs: this.limits.publishTimeoutMs };
    await this.publish(request.input, () =>
      Promise.all([
        this.publisher.publish(Topics.EventsV1, events, options),
        this.publisher.publish(
          Topics.EventsDlqV1,
          dead.map((record) => toDeadLetter(record, receivedAt)),
          options,
        ),
      ]),
    );

    intakeMetrics.events.inc({ agency: agency.id, input: request.input, outcome: 'accepted' }, events.length);
    intakeMetrics.events.inc(
      { agency: agency.id, input: request.input, outcome: 'rejected' },
      rejected.length,
    );
    await this.stats
      .record(agency.id, { accepted: events.length, rejected: rejected.length }, receivedAt)
      .catch((error: unknown) => {
        // Health statistics must never cost an event: log and go on.
        this.logger.warn({ msg: 'ingest stats not recorded', error: String(error) });
      });
    return { accepted: events.length, rejected };
  }

  /** Kafka's acknowledgement or a kafka_unavailable error: nothing in between is acknowledged. */
  private async publish(input: IngestInput, send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (error) {
      intakeMetrics.unavailable.inc({ input });
      if (!(error instanceof PublishUnavailableError))
        this.logger.error({ msg: 'publishing failed', error: String(error) });
      throw new IngestionError(
        IngestionErrorCode.KafkaUnavailable,
        'event stream unavailable; retry later',
        {},
        5,
      );
    }
  }
}
