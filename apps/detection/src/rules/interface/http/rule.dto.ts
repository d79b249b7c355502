import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { RuleMetadata } from '../../domain/rule-record';

const MAX_SIGMA_CHARS = 256 * 1024;

export class SuppressionDto {
  @ApiProperty({ example: ['source.ip', 'user.name'], description: 'Alerts sharing these values are one' })
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  fields!: string[];

  @ApiProperty({ example: 3600 }) @IsInt() @Min(1) @Max(30 * 24 * 3600) window_seconds!: number;
}

export class AgencyFilterDto {
  @ApiProperty({ example: ['agency-a'], description: 'Agencies the filter applies to' })
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  organization_ids!: string[];

  @ApiProperty({ description: 'A Sigma filter document (filter: …) tuning this rule for those agencies' })
  @IsString()
  @MaxLength(MAX_SIGMA_CHARS)
  sigma!: string;
}

/** Vigil's settings beside the Sigma file. */
export class RuleMetadataDto {
  @ApiPropertyOptional({ type: SuppressionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SuppressionDto)
  suppression?: SuppressionDto;

  @ApiPropertyOptional({ type: [AgencyFilterDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AgencyFilterDto)
  filters?: AgencyFilterDto[];
}

/** A rule as JSON; a YAML body (application/yaml or text/plain) is the same with only `sigma`. */
export class RuleBodyDto {
  @ApiProperty({ description: 'The Sigma YAML: one document (rule, correlation or filter)' })
  @IsString()
  @Length(1, MAX_SIGMA_CHARS)
  sigma!: string;

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;

  @ApiPropertyOptional({ type: RuleMetadataDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RuleMetadataDto)
  metadata?: RuleMetadataDto;
}

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ListRulesQueryDto {
  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional({ enum: ['informational', 'low', 'medium', 'high', 'critical'] })
  @IsOptional()
  @IsIn(['informational', 'low', 'medium', 'high', 'critical'])
  level?: string;
  @ApiPropertyOptional({ example: 'attack.t1110' }) @IsOptional() @IsString() tag?: string;
  @ApiPropertyOptional({ description: 'Words of the title' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10000)
  offset?: number;
  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** The metadata as a plain value (records and messages hold no class instances). */
export function toRuleMetadata(dto: RuleMetadataDto | undefined): RuleMetadata | undefined {
  if (!dto) return undefined;
  return {
    ...(dto.suppression && {
      suppression: { fields: [...dto.suppression.fields], window_seconds: dto.suppression.window_seconds },
    }),
    ...(dto.filters && {
      filters: dto.filters.map((filter) => ({
        organization_ids: [...filter.organization_ids],
        sigma: filter.sigma,
      })),
    }),
  };
}
