import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IMPACTS, PRIORITIES, type Impact, type Priority } from '../../domain/classification';
import { CATEGORIES, type IncidentCategory } from '../../domain/incident';
import { OBSERVABLE_TYPES, TLP_LEVELS, type ObservableType, type Tlp } from '../../domain/observable';

const TITLE = 500;
const TEXT = 20_000;
const ID = 200;

export class TimesDto {
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) occurred?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) detected?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) reported?: string;
}

class FactsDto {
  @ApiPropertyOptional({ enum: CATEGORIES }) @IsOptional() @IsIn(CATEGORIES) category?: IncidentCategory;

  @ApiPropertyOptional({
    type: [String],
    description: 'Directory ids of the affected systems (`<agency>/<system>`)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(ID, { each: true })
  system_ids?: string[];

  @ApiPropertyOptional({ enum: IMPACTS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(IMPACTS.length)
  @IsIn(IMPACTS, { each: true })
  impacts?: Impact[];

  @ApiPropertyOptional({ description: 'Suspected serious: priority P1 at once' })
  @IsOptional()
  @IsBoolean()
  suspected_serious?: boolean;
}

export class EscalateAlertsDto extends FactsDto {
  @ApiProperty({ type: [String], description: 'Alerts to escalate (all of the incident agency)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(ID, { each: true })
  alert_ids!: string[];

  @ApiPropertyOptional({ description: "The incident's agency; defaults to the alerts' agency" })
  @IsOptional()
  @IsString()
  @MaxLength(ID)
  agency_id?: string;

  @ApiPropertyOptional({ maxLength: TITLE })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TITLE)
  title?: string;
  @ApiPropertyOptional({ maxLength: TEXT }) @IsOptional() @IsString() @MaxLength(TEXT) description?: string;
}

export class ReportIncidentDto extends FactsDto {
  @ApiProperty({ maxLength: TITLE }) @IsString() @IsNotEmpty() @MaxLength(TITLE) title!: string;
  @ApiProperty({ maxLength: TEXT }) @IsString() @MaxLength(TEXT) description!: string;

  @ApiPropertyOptional({ description: 'Your own agency (the default); any other is refused' })
  @IsOptional()
  @IsString()
  @MaxLength(ID)
  agency_id?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  occurred_at?: string;
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  detected_at?: string;
}

export class VersionedDto {
  @ApiProperty({ description: 'The version you last read; a stale one gets 409 with the current version' })
  @IsInt()
  @Min(1)
  version!: number;
}

export class ObservableDto {
  @ApiProperty({ enum: OBSERVABLE_TYPES }) @IsIn(OBSERVABLE_TYPES) type!: ObservableType;
  @ApiProperty({ maxLength: 2048 }) @IsString() @MaxLength(2048) value!: string;
  @ApiProperty({ enum: TLP_LEVELS, description: 'Traffic Light Protocol 2.0' }) @IsIn(TLP_LEVELS) tlp!: Tlp;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class UpdateIncidentDto extends FactsDto {
  @ApiProperty({ description: 'The version you last read' }) @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional({ maxLength: TITLE })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TITLE)
  title?: string;
  @ApiPropertyOptional({ maxLength: TEXT }) @IsOptional() @IsString() @MaxLength(TEXT) description?: string;

  @ApiPropertyOptional({ type: TimesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TimesDto)
  times?: TimesDto;

  @ApiPropertyOptional({ maxLength: TEXT })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  root_cause?: string;

  @ApiPropertyOptional({ type: [ObservableDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ObservableDto)
  add_observables?: ObservableDto[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(ID, { each: true })
  remove_observable_ids?: string[];
}

export class TransitionDto extends VersionedDto {
  @ApiProperty({ description: 'The state to move to (GET /v1/incidents/workflow lists them)' })
  @IsString()
  @MaxLength(64)
  to!: string;

  @ApiPropertyOptional({
    maxLength: TEXT,
    description: 'Why; required by some transitions (not an incident, duplicate)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  reason?: string;

  @ApiPropertyOptional({ maxLength: TEXT }) @IsOptional() @IsString() @MaxLength(TEXT) root_cause?: string;

  @ApiPropertyOptional({ description: 'The incident this one duplicates (transition to duplicate)' })
  @IsOptional()
  @IsString()
  @MaxLength(ID)
  duplicate_of?: string;
}

export class CommentDto extends VersionedDto {
  @ApiProperty({ maxLength: TEXT }) @IsString() @IsNotEmpty() @MaxLength(TEXT) text!: string;
}

export class ChecklistMarkDto {
  @ApiProperty({ minimum: 0 }) @IsInt() @Min(0) index!: number;
  @ApiProperty() @IsBoolean() done!: boolean;
}

export class UpdateTaskDto extends VersionedDto {
  @ApiPropertyOptional({ enum: ['open', 'done'] }) @IsOptional() @IsIn(['open', 'done']) status?:
    'open' | 'done';

  @ApiPropertyOptional({ type: [ChecklistMarkDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ChecklistMarkDto)
  checklist?: ChecklistMarkDto[];

  @ApiPropertyOptional({ maxLength: TEXT }) @IsOptional() @IsString() @MaxLength(TEXT) note?: string;
}

export class ReasonDto extends VersionedDto {
  @ApiProperty({ maxLength: TEXT }) @IsString() @IsNotEmpty() @MaxLength(TEXT) reason!: string;
}

export class ListIncidentsQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) state?: string;
  @ApiPropertyOptional({ enum: PRIORITIES }) @IsOptional() @IsIn(PRIORITIES) priority?: Priority;
  @ApiPropertyOptional({ enum: CATEGORIES }) @IsOptional() @IsIn(CATEGORIES) category?: IncidentCategory;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(ID) agency?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only drill incidents, or only real ones' })
  @IsOptional()
  @IsIn(['true', 'false'])
  drill?: 'true' | 'false';

  @ApiPropertyOptional({ minimum: 0, maximum: 10000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10000)
  offset?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
