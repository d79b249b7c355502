import {
  Body,
  Controller,
  HttpCode,
  Inject,
  Post,
  UseFilters,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, type Principal } from '@vigil/auth';
import { IsArray, IsIn, IsISO8601, IsOptional, IsString } from 'class-validator';
import { IngestionErrorFilter } from '../../../common/interface/http/ingestion-error.filter';
import { ReplayDeadLettersUseCase, type ReplayReport } from '../../application/replay-dead-letters.use-case';

export class ReplayDto {
  @ApiPropertyOptional() @IsOptional() @IsString() organization_id?: string;
  @ApiPropertyOptional({ description: 'ISO time: dead letters first seen at or after' })
  @IsOptional()
  @IsISO8601()
  since?: string;
  @ApiPropertyOptional({ description: 'ISO time: dead letters first seen before' })
  @IsOptional()
  @IsISO8601()
  until?: string;
  @ApiPropertyOptional({ enum: ['parse', 'input', 'index'], isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(['parse', 'input', 'index'], { each: true })
  stages?: ('parse' | 'input' | 'index')[];
}

@ApiTags('dead letters')
@Controller('v1/dead-letters')
@UseFilters(IngestionErrorFilter)
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }))
export class DeadLettersController {
  constructor(@Inject(ReplayDeadLettersUseCase) private readonly replay: ReplayDeadLettersUseCase) {}

  @Post('replay')
  @Permission('dead-letters:replay')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Re-ingest dead letters (after a parser or mapping fix); idempotent: replaying twice indexes once',
  })
  async replayDeadLetters(
    @Body() dto: ReplayDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReplayReport> {
    return this.replay.execute({
      scope: principal.scope,
      organizationId: dto.organization_id,
      since: dto.since,
      until: dto.until,
      stages: dto.stages,
    });
  }
}
