import { Controller, Headers, HttpCode, Inject, Param, Post, Query, Req, UseFilters } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AgencyKey, CurrentPrincipal, inScope, Permission, type Principal } from '@vigil/auth';
import { SERVICE_CONFIG } from '@vigil/config';
import type { FastifyRequest } from 'fastify';
import type { IngestionConfig } from '../../../config';
import { IngestionError, IngestionErrorCode } from '../../../common/domain/ingestion.error';
import { IngestionErrorFilter } from '../../../common/interface/http/ingestion-error.filter';
import { SubmitEventsUseCase } from '../../application/submit-events.use-case';
import { IngestResponseDto } from './ingest-response.dto';

const apiKeyOf = (request: FastifyRequest): string | undefined => {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string') return header.trim();
  return /^Bearer\s+(vgl_\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
};

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * The agencies' HTTP input (their machine key), and drills' injections (a service token). 202 only
 * once Kafka has every accepted event and every rejected line.
 */
const agencyKeyHeader = ApiHeader({ name: 'X-API-Key', description: "The agency's API key", required: true });

@ApiTags('events')
@ApiHeader({
  name: 'Idempotency-Key',
  description: 'Resending a batch with the same key never duplicates events',
})
@Controller('v1/events')
@UseFilters(IngestionErrorFilter)
export class EventsController {
  constructor(
    @Inject(SubmitEventsUseCase) private readonly submit: SubmitEventsUseCase,
    @Inject(SERVICE_CONFIG) private readonly config: IngestionConfig,
  ) {}

  @Post()
  @HttpCode(202)
  @AgencyKey()
  @agencyKeyHeader
  @ApiOperation({
    summary: 'Submit events as JSON (one object or an array) or NDJSON (application/x-ndjson); gzip allowed',
    description:
      'Valid events are accepted even when others are not; each rejected one is listed with its line number ' +
      'and reason and kept in the dead-letter queue. 401 unknown key, 403 disabled agency, 413 body over the ' +
      'limit, 429 over quota and 503 event stream unavailable (both with Retry-After).',
  })
  @ApiOkResponse({ type: IngestResponseDto })
  async events(
    @Req() request: FastifyRequest,
    @Headers('content-type') contentType?: string,
  ): Promise<IngestResponseDto> {
    return this.run(request, 'events', contentType, 'auto');
  }

  @Post('raw')
  @HttpCode(202)
  @AgencyKey()
  @agencyKeyHeader
  @ApiOperation({ summary: 'Submit raw log lines (text/plain, one per line); gzip allowed' })
  @ApiQuery({
    name: 'format',
    required: false,
    enum: ['auto', 'rfc5424', 'rfc3164', 'cef', 'leef', 'json', 'access', 'kv'],
  })
  @ApiOkResponse({ type: IngestResponseDto })
  async raw(
    @Req() request: FastifyRequest,
    @Headers('content-type') contentType?: string,
    @Query('format') format?: string,
  ): Promise<IngestResponseDto> {
    return this.run(request, 'raw', contentType, format);
  }

  @Post('inject/:id')
  @HttpCode(202)
  @Permission('events:inject')
  @ApiOperation({
    summary:
      "A service (drills) injects events as an agency's, with its own token instead of the agency's key",
    description:
      "Same body and answers as POST /v1/events; the agency must exist, be active and be in the caller's scope.",
  })
  @ApiOkResponse({ type: IngestResponseDto })
  async inject(
    @Req() request: FastifyRequest,
    @Param('id') agencyId: string,
    @CurrentPrincipal() principal: Principal,
    @Headers('content-type') contentType?: string,
  ): Promise<IngestResponseDto> {
    if (!inScope(principal.scope, agencyId))
      throw new IngestionError(IngestionErrorCode.AgencyNotFound, `agency "${agencyId}" does not exist`);
    return this.run(request, 'events', contentType, 'auto', agencyId);
  }

  private async run(
    request: FastifyRequest,
    route: 'events' | 'raw',
    contentType: string | undefined,
    format: string | undefined,
    injectFor?: string,
  ): Promise<IngestResponseDto> {
    const outcome = await this.submit.execute({
      route,
      apiKey: injectFor === undefined ? apiKeyOf(request) : undefined,
      clientAddress: request.ip,
      injectFor,
      body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
      contentType,
      contentEncoding: header(request, 'content-encoding'),
      format,
      idempotencyKey: header(request, 'idempotency-key'),
      maxBodyBytes: this.config.maxBodyBytes,
    });
    return { accepted: outcome.accepted, rejected: outcome.rejected };
  }
}
