import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Res,
  UseFilters,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, type Principal } from '@vigil/auth';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { IncidentsErrorFilter } from '../../../incidents/interface/http/incidents-error.filter';
import { AddEvidenceUseCase } from '../../application/add-evidence.use-case';
import { ReadEvidenceUseCase, type CustodyEntry } from '../../application/read-evidence.use-case';
import type { Evidence } from '../../domain/evidence';
import { EvidenceError, EvidenceErrorCode } from '../../domain/evidence.error';

class UploadQueryDto {
  @ApiPropertyOptional({ maxLength: 255 }) @IsOptional() @IsString() @MaxLength(1024) file_name?: string;
  @ApiPropertyOptional({ example: 'application/vnd.tcpdump.pcap' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  media_type?: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

class EvidenceParams {
  @IsString() @MaxLength(64) id!: string;
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex digits' }) sha256!: string;
}

const present = (evidence: Evidence): Record<string, unknown> => ({
  incident_id: evidence.incidentId,
  sha256: evidence.sha256,
  file_name: evidence.fileName,
  media_type: evidence.mediaType,
  size: evidence.size,
  note: evidence.note,
  added_at: evidence.addedAt,
  added_by: { id: evidence.addedBy.id, name: evidence.addedBy.name },
});

/**
 * Evidence of an incident: files stored by SHA-256 with a chain of custody in the audit trail.
 * Downloads are re-verified against their hash and always sent as attachments, never rendered.
 */
@ApiTags('evidence')
@Controller('v1/incidents/:id/evidence')
@UseFilters(IncidentsErrorFilter)
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
export class EvidenceController {
  constructor(
    @Inject(AddEvidenceUseCase) private readonly add: AddEvidenceUseCase,
    @Inject(ReadEvidenceUseCase) private readonly read: ReadEvidenceUseCase,
  ) {}

  @Post()
  @HttpCode(201)
  @Permission('incidents:respond')
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOperation({ summary: 'Attaches a file (the body, application/octet-stream; size-limited, 413 beyond)' })
  async upload(
    @Param('id') incidentId: string,
    @Query() query: UploadQueryDto,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    if (!(body instanceof Readable)) {
      throw new EvidenceError(
        EvidenceErrorCode.InvalidRequest,
        'send the file as the body with content-type application/octet-stream',
      );
    }
    const { evidence, created } = await this.add.execute(
      incidentId,
      { content: body, fileName: query.file_name, mediaType: query.media_type, note: query.note },
      principal,
    );
    return { ...present(evidence), created };
  }

  @Get()
  @Permission('incidents:read')
  @ApiOperation({ summary: "The incident's evidence files, oldest first" })
  async list(
    @Param('id') incidentId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>[]> {
    return (await this.read.ofIncident(incidentId, principal)).map(present);
  }

  @Get(':sha256/custody')
  @Permission('incidents:read')
  @ApiOperation({
    summary: "A file's chain of custody: who added it and who downloaded it, from the audit trail",
  })
  custody(
    @Param() params: EvidenceParams,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CustodyEntry[]> {
    return this.read.custody(params.id, params.sha256, principal);
  }

  @Get(':sha256')
  @Permission('incidents:read')
  @ApiOperation({
    summary:
      'Downloads a file after checking it still has its SHA-256 (409 when it does not); recorded in its custody',
  })
  async download(
    @Param() params: EvidenceParams,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
    const { evidence, content } = await this.read.download(params.id, params.sha256, principal);
    void reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(evidence.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .header('x-evidence-sha256', evidence.sha256)
      .header('x-evidence-media-type', evidence.mediaType);
    return content;
  }
}
