import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
  registerDecorator,
} from 'class-validator';
import { AlertLevels } from '@vigil/contracts';
import { isIP } from 'node:net';
import { GroupFields, type GroupField } from '../../application/alert-queue.repository';
import { MAX_BULK_TARGETS } from '../../application/bulk-triage.use-case';
import { CloseReasons, TriageStates, type CloseReason, type TriageState } from '../../domain/triage';

const MAX_VALUES = 50;
const MAX_VALUE_CHARS = 256;
const MAX_REASON_CHARS = 2000;

/** `a,b` or repeated parameters (`?rule=a&rule=b`): one list either way. */
const list = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }): unknown[] => {
    const values: unknown[] = Array.isArray(value) ? (value as unknown[]) : [value];
    return values
      .flatMap((entry) => (typeof entry === 'string' ? entry.split(',') : [entry]))
      .filter((entry) => entry !== '');
  });

/** An optional list parameter: at most 50 values of at most 256 characters. */
const listOf = (): PropertyDecorator =>
  applyDecorators(
    IsOptional(),
    list(),
    IsArray(),
    ArrayMaxSize(MAX_VALUES),
    IsString({ each: true }),
    MaxLength(MAX_VALUE_CHARS, { each: true }),
  );

/** An IP address or a CIDR range (`203.0.113.0/24`, `2001:db8::/32`). */
function IsAddressOrRange(): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isAddressOrRange',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        each: true,
        message: (args: ValidationArguments) => `${args.property} must be IP addresses or CIDR ranges`,
      },
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'string') return false;
          const parts = value.split('/');
          const family = isIP(parts[0] ?? '');
          const prefix = parts.at(1);
          if (family === 0 || parts.length > 2) return false;
          if (prefix === undefined) return true;
          if (!/^\d{1,3}$/.test(prefix)) return false;
          return Number(prefix) <= (family === 4 ? 32 : 128);
        },
      },
    });
  };
}

export class QueueFilterQueryDto {
  @ApiPropertyOptional({
    description: 'Rule ids (comma-separated or repeated)',
    example: 'vigil-ssh-bruteforce',
  })
  @listOf()
  rule?: string[];

  @ApiPropertyOptional({ description: 'Agency ids (within what the caller may see)', example: 'so-tttt' })
  @listOf()
  agency?: string[];

  @ApiPropertyOptional({ description: 'Host names', example: 'web01' })
  @listOf()
  host?: string[];

  @ApiPropertyOptional({ description: 'Source addresses or CIDR ranges', example: '203.0.113.0/24' })
  @listOf()
  @IsAddressOrRange()
  source?: string[];

  @ApiPropertyOptional({ description: `Levels: ${AlertLevels.join(', ')}`, example: 'high,critical' })
  @listOf()
  @IsIn(AlertLevels, { each: true })
  level?: (typeof AlertLevels)[number][];

  @ApiPropertyOptional({
    description: `Triage states: ${TriageStates.join(', ')} (an item matches when any of its alerts is in one)`,
    example: 'new',
  })
  @listOf()
  @IsIn(TriageStates, { each: true })
  state?: TriageState[];

  @ApiPropertyOptional({ description: 'Assignees (principal ids)' })
  @listOf()
  assignee?: string[];

  @ApiPropertyOptional({ description: 'Seen at or after (ISO-8601)', example: '2026-11-27T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Seen at or before (ISO-8601)', example: '2026-11-28T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'The `next` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class GroupsQueryDto extends QueueFilterQueryDto {
  @ApiProperty({ enum: GroupFields, description: 'The field to count alerts by' })
  @IsIn(GroupFields)
  by!: GroupField;
}

export const TriageActionNames = ['acknowledge', 'assign', 'close', 'reopen'] as const;
export type TriageActionName = (typeof TriageActionNames)[number];
export const BulkActionNames = ['acknowledge', 'assign', 'close'] as const;

const VERSION = /^\d{1,15}:\d{1,15}$/;

/** The fields an action takes; which are required depends on the action. */
class TriageFieldsDto {
  @ApiPropertyOptional({ description: 'Why (required to close and to reopen)', maxLength: MAX_REASON_CHARS })
  @ValidateIf(
    (body: TriageFieldsDto & { action: string }) =>
      body.action === 'close' || body.action === 'reopen' || body.reason !== undefined,
  )
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_REASON_CHARS)
  reason?: string;

  @ApiPropertyOptional({ enum: CloseReasons, description: 'Required to close' })
  @ValidateIf((body: { action: string }) => body.action === 'close')
  @IsIn(CloseReasons)
  close_reason?: CloseReason;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Required to assign: the analyst (principal id); null unassigns',
  })
  @ValidateIf(
    (body: { action: string; assignee_id?: unknown }) =>
      body.action === 'assign' && body.assignee_id !== null,
  )
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_VALUE_CHARS)
  assignee_id?: string | null;
}

export class TriageRequestDto extends TriageFieldsDto {
  @ApiProperty({ enum: TriageActionNames })
  @IsIn(TriageActionNames)
  action!: TriageActionName;

  @ApiPropertyOptional({
    description: 'The version read (GET); if it changed since, 409 with the current version',
    example: '12:1',
  })
  @IsOptional()
  @Matches(VERSION, { message: 'version must be a version this API returned (e.g. "12:1")' })
  version?: string;
}

export class BulkTargetDto {
  @ApiProperty({ enum: ['alert', 'queue-item'] })
  @IsIn(['alert', 'queue-item'])
  type!: 'alert' | 'queue-item';

  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(512) id!: string;

  @ApiPropertyOptional({ example: '12:1' })
  @IsOptional()
  @Matches(VERSION, { message: 'version must be a version this API returned (e.g. "12:1")' })
  version?: string;
}

export class BulkTriageRequestDto extends TriageFieldsDto {
  @ApiProperty({ enum: BulkActionNames })
  @IsIn(BulkActionNames)
  action!: (typeof BulkActionNames)[number];

  @ApiProperty({ type: [BulkTargetDto], maxItems: MAX_BULK_TARGETS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_TARGETS)
  @ValidateNested({ each: true })
  @Type(() => BulkTargetDto)
  targets!: BulkTargetDto[];
}
