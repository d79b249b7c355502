import { Inject, Injectable } from '@nestjs/common';
import { isLogFormat, type LogFormat } from '@vigil/parsers';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import { AgencyDirectory } from '../../directory/application/agency-directory';
import { mayUseInput, type Agency } from '../../directory/domain/agency';
import { bodyKindOf, linesOfBody } from '../domain/request-body';
import {
  INTAKE_LIMITS,
  IngestLinesUseCase,
  type IngestOutcome,
  type IntakeLimits,
} from './ingest-lines.use-case';
import { QuotaGate } from './quota-gate';

const gunzipAsync = promisify(gunzip);

export interface SubmitEventsRequest {
  route: 'events' | 'raw';
  /** The agency's machine key; or, for a service injecting (drills), the agency it injects for. */
  apiKey: string | undefined;
  /** Where the request came from, for limiting failed key attempts per address. */
  clientAddress?: string;
  injectFor?: string;
  body: Buffer;
  contentType?: string;
  contentEncoding?: string;
  format?: string;
  idempotencyKey?: string;
  maxBodyBytes: number;
}

/**
 * An agency's HTTP submission: authenticate the key, decode the body (gzip allowed, the
 * decompressed size bounded too), apply the agency's quota, then ingest every line.
 */
@Injectable()
export class SubmitEventsUseCase {
  constructor(
    @Inject(AgencyDirectory) private readonly directory: AgencyDirectory,
    @Inject(QuotaGate) private readonly quotas: QuotaGate,
    @Inject(IngestLinesUseCase) private readonly ingest: IngestLinesUseCase,
    @Inject(INTAKE_LIMITS) private readonly limits: IntakeLimits,
  ) {}

  async execute(request: SubmitEventsRequest): Promise<IngestOutcome> {
    const agency =
      request.injectFor === undefined
        ? await this.directory.authenticate(request.apiKey, { clientAddress: request.clientAddress })
        : this.activeAgency(request.injectFor);
    if (!mayUseInput(agency, 'http')) {
      throw new IngestionError(
        IngestionErrorCode.InputNotAllowed,
        `agency "${agency.id}" may not send over HTTP (its inputs: ${(agency.inputs ?? []).join(', ')})`,
      );
    }
    const format = formatOf(request.format);
    const kind = bodyKindOf(request.contentType, request.route);
    if (request.idempotencyKey !== undefined && !/^[\x21-\x7e]{1,128}$/.test(request.idempotencyKey)) {
      throw new IngestionError(
        IngestionErrorCode.InvalidRequest,
        'Idempotency-Key must be 1–128 visible ASCII characters',
      );
    }
    const body = await decode(request.body, request.contentEncoding, request.maxBodyBytes);
    let lines;
    try {
      lines = linesOfBody(
        body,
        kind,
        { agencyId: agency.id, idempotencyKey: request.idempotencyKey },
        this.limits.maxEventsPerRequest,
      );
    } catch (error) {
      // A body that cannot be split into events is still kept, with the reason; one that is only
      // too big is the sender's to split and resend.
      if (error instanceof IngestionError && error.code !== IngestionErrorCode.TooManyEvents)
        await this.ingest.keepRejected(agency, 'http', body, error);
      throw error;
    }

    await this.quotas.admit(agency, 'http', { events: lines.length, bytes: body.length });
    return this.ingest.execute({ agency, input: 'http', lines, format });
  }

  /** The agency a service injects for: it must exist and be active, as its own key would. */
  private activeAgency(id: string): Agency {
    const agency = this.directory.get(id);
    if (!agency) throw new IngestionError(IngestionErrorCode.AgencyNotFound, `agency "${id}" does not exist`);
    if (agency.status !== 'active')
      throw new IngestionError(IngestionErrorCode.AgencyDisabled, `agency "${agency.id}" is disabled`);
    return agency;
  }
}

function formatOf(format: string | undefined): LogFormat | 'auto' {
  if (format === undefined || format === '' || format === 'auto') return 'auto';
  if (isLogFormat(format)) return format;
  throw new IngestionError(
    IngestionErrorCode.InvalidRequest,
    `format "${format}" is not one of auto, rfc5424, rfc3164, cef, leef, json, access, kv`,
  );
}

async function decode(body: Buffer, encoding: string | undefined, limit: number): Promise<Buffer> {
  const value = (encoding ?? 'identity').trim().toLowerCase();
  if (value === 'identity' || value === '') return body;
  if (value !== 'gzip' && value !== 'x-gzip') {
    throw new IngestionError(
      IngestionErrorCode.UnsupportedMediaType,
      `Content-Encoding "${value}" not supported: use gzip`,
    );
  }
  try {
    return await gunzipAsync(body, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new IngestionError(
        IngestionErrorCode.BodyTooLarge,
        `decompressed body is over the ${limit}-byte limit; send smaller batches`,
        { limit },
      );
    }
    throw new IngestionError(
      IngestionErrorCode.InvalidRequest,
      `gzip body could not be decompressed: ${String(error)}`,
    );
  }
}
