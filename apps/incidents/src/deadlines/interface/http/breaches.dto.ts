import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { PRIORITIES, type Priority } from '../../../incidents/domain/classification';
import { DEADLINE_KINDS, type DeadlineKind } from '../../domain/sla-policy';

/** `a,b,c` (or the parameter repeated) → ['a', 'b', 'c']. */
const commaList = Transform(({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : [value])
    .flatMap((entry) => String(entry).split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== ''),
);

export class BreachesQueryDto {
  @ApiPropertyOptional({ description: 'Breaches at or after this instant (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Breaches before this instant (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'Agency ids, comma-separated (within your scope)' })
  @IsOptional()
  @commaList
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[a-z0-9*][a-z0-9-]{0,63}$/, { each: true })
  agency?: string[];

  @ApiPropertyOptional({ description: 'Priorities, comma-separated', example: 'P1,P2' })
  @IsOptional()
  @commaList
  @IsArray()
  @ArrayMaxSize(PRIORITIES.length)
  @IsIn(PRIORITIES, { each: true })
  priority?: Priority[];

  @ApiPropertyOptional({ description: `Deadline kinds, comma-separated (${DEADLINE_KINDS.join(', ')})` })
  @IsOptional()
  @commaList
  @IsArray()
  @ArrayMaxSize(DEADLINE_KINDS.length)
  @IsIn(DEADLINE_KINDS, { each: true })
  kind?: DeadlineKind[];

  @ApiPropertyOptional({ description: 'Teams (as the SLA policy names them), comma-separated' })
  @IsOptional()
  @commaList
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[a-z][a-z0-9-]{0,62}$/, { each: true })
  team?: string[];

  @ApiPropertyOptional({
    enum: ['exclude', 'include', 'only'],
    default: 'exclude',
    description: 'Drill breaches: left out of the real figures unless asked for',
  })
  @IsOptional()
  @IsIn(['exclude', 'include', 'only'])
  drill?: 'exclude' | 'include' | 'only';

  @ApiPropertyOptional({ enum: ['day', 'week', 'month'], default: 'day', description: 'Period of by_period' })
  @IsOptional()
  @IsIn(['day', 'week', 'month'])
  interval?: 'day' | 'week' | 'month';

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 500,
    default: 50,
    description: 'Breaches listed (counts cover all)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(500)
  limit?: number;
}
