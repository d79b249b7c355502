import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { REPORT_KINDS, type ReportKind } from '../../domain/report';
import { REPORT_LANGUAGES, type ReportLanguage } from '../../domain/report-labels';

const TEXT = 20_000;

export class WriteReportDto {
  @ApiProperty({ enum: REPORT_KINDS })
  @IsIn(REPORT_KINDS)
  kind!: ReportKind;

  @ApiPropertyOptional({ description: 'how the incident was found (initial report: required)' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  detection_source?: string;

  @ApiPropertyOptional({ description: 'impact on the systems and their service (initial, final: required)' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  impact?: string;

  @ApiPropertyOptional({ description: 'actions taken so far (every kind: required)' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  actions?: string;

  @ApiPropertyOptional({ description: 'help requested of the national coordinator or other teams' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  help_requested?: string;

  @ApiPropertyOptional({ description: 'root cause (final: required)' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  cause?: string;

  @ApiPropertyOptional({ description: 'damage (final: required)' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  damage?: string;

  @ApiPropertyOptional({ description: 'remediation (final: required)' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  remediation?: string;

  @ApiPropertyOptional({ description: 'lessons learned (final: required)' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  lessons?: string;
}

export class ReportDocumentQueryDto {
  @ApiPropertyOptional({ enum: ['pdf', 'html'], default: 'pdf' })
  @IsOptional()
  @IsIn(['pdf', 'html'])
  format?: 'pdf' | 'html';

  @ApiPropertyOptional({ enum: REPORT_LANGUAGES, default: 'vi' })
  @IsOptional()
  @IsIn(REPORT_LANGUAGES)
  lang?: ReportLanguage;
}

export class AcknowledgementDto {
  @ApiPropertyOptional({ description: "the national centre's own reference for the report", maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;
}
