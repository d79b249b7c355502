import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { RuleMetadataDto } from './rule.dto';

export class ImportFileDto {
  @ApiProperty({ example: 'windows/process_creation/proc_creation_win_whoami.yml' })
  @IsString()
  @Length(1, 1000)
  path!: string;

  @ApiProperty({ description: 'The YAML text (multi-document files are split)' })
  @IsString()
  @MaxLength(1024 * 1024)
  content!: string;
}

export class ImportRulesDto {
  @ApiProperty({ type: [ImportFileDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ImportFileDto)
  files!: ImportFileDto[];
}

export class TestRuleDto {
  @ApiProperty({ description: 'Sigma YAML: rules, filters and correlations (several documents allowed)' })
  @IsString()
  @Length(1, 1024 * 1024)
  sigma!: string;

  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Events as normalized JSON' })
  @IsArray()
  @ArrayMaxSize(10000)
  @IsObject({ each: true })
  events!: object[];

  @ApiPropertyOptional({ example: ['windows'], description: 'Pipelines instead of the configured ones' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  pipelines?: string[];
}

export class BacktestDto {
  @ApiPropertyOptional({ description: 'Sigma YAML of one detection rule (or give rule_id)' })
  @IsOptional()
  @IsString()
  @Length(1, 256 * 1024)
  sigma?: string;

  @ApiPropertyOptional({ description: 'A stored rule (its suppression and per-agency filters apply)' })
  @IsOptional()
  @IsString()
  rule_id?: string;

  @ApiProperty({ example: '2026-11-27T00:00:00Z' }) @IsISO8601() from!: string;
  @ApiProperty({ example: '2026-11-28T00:00:00Z' }) @IsISO8601() to!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() organization_id?: string;

  @ApiPropertyOptional({ default: 100000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5000000)
  max_events?: number;

  @ApiPropertyOptional({ type: RuleMetadataDto, description: 'Try other suppression / filters' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RuleMetadataDto)
  metadata?: RuleMetadataDto;
}
