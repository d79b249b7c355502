import {
  Body,
  Controller,
  HttpCode,
  Inject,
  Post,
  UseFilters,
  UseGuards,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsArray, IsIn, IsISO8601, IsOptional, IsString } from 'class-validator';
import { AdminTokenGuard } from '../../../common/interface/http/admin-token.guard';
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
@ApiBearerAuth()
@Controller('v1/dead-letters')
@UseGuards(AdminTokenGuard)
@UseFilters(IngestionErrorFilter)
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }))
export class DeadLettersController {
  constructor(@Inject(ReplayDeadLettersUseCase) private readonly replay: ReplayDeadLettersUseCase) {}

  @Post('replay')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Re-ingest dead letters (after a parser or mapping fix); idempotent: replaying twice indexes once',
  })
  async replayDeadLetters(@Body() dto: ReplayDto): Promise<ReplayReport> {
    return this.replay.execute({
      organizationId: dto.organization_id,
      since: dto.since,
      until: dto.until,
      stages: dto.stages,
    });
  }
}
