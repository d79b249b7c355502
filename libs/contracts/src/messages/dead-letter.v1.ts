import { Expose, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Min,
  ValidateNested,
} from 'class-validator';

/** Where in the pipeline a record was refused. */
export const DeadLetterStages = ['input', 'parse', 'validate', 'handle', 'index'] as const;
export type DeadLetterStage = (typeof DeadLetterStages)[number];

export interface DeadLetterSource {
  /** The topic a consumed record came from, or the input (http, syslog-tcp, …) for ingestion. */
  topic?: string;
  partition?: number;
  offset?: string;
  input?: string;
  /** The parser format hint or the line number inside an HTTP body, when known. */
  format?: string;
  line?: number;
}

export interface DeadLetterV1 {
  id: string;
  /** The bytes as received: UTF-8 text when they were valid UTF-8, else base64. */
  original: string;
  original_encoding: 'utf8' | 'base64';
  reason: string;
  stage: DeadLetterStage;
  error_code?: string;
  organization_id?: string;
  source: DeadLetterSource;
  first_seen_at: string;
  /** How many times a replay has tried this record again. */
  replays?: number;
}

class DeadLetterSourceV1 {
  @Expose() @IsOptional() @IsString() topic?: string;
  @Expose() @IsOptional() @IsInt() @Min(0) partition?: number;
  @Expose() @IsOptional() @IsString() offset?: string;
  @Expose() @IsOptional() @IsString() input?: string;
  @Expose() @IsOptional() @IsString() format?: string;
  @Expose() @IsOptional() @IsInt() line?: number;
}

/** `vigil.events.dlq.v1` and `vigil.dlq.v1`: a record that could not go on, kept with its reason. */
export class DeadLetterMessageV1 {
  @Expose() @IsString() @IsNotEmpty() id!: string;
  @Expose() @IsString() original!: string;
  @Expose() @IsIn(['utf8', 'base64']) original_encoding!: string;
  @Expose() @IsString() @IsNotEmpty() reason!: string;
  @Expose() @IsIn(DeadLetterStages) stage!: string;
  @Expose() @IsOptional() @IsString() error_code?: string;
  @Expose() @IsOptional() @IsString() organization_id?: string;
  @Expose() @ValidateNested() @Type(() => DeadLetterSourceV1) source!: DeadLetterSourceV1;
  @Expose() @IsISO8601({ strict: true }) first_seen_at!: string;
  @Expose() @IsOptional() @IsInt() @Min(0) replays?: number;
}

export const deadLetterKeyV1 = (record: DeadLetterV1): string =>
  record.organization_id ?? record.source.topic ?? '';

export const exampleDeadLetterV1 = (): DeadLetterV1 => ({
  id: '5f1d3c0e-5b7a-4c55-9a3e-6f0d2f1b9c01',
  original: 'CEF:0|Fortinet|FortiGate|7.2|',
  original_encoding: 'utf8',
  reason: 'CEF header: expected 7 pipe-separated fields, found 4',
  stage: 'parse',
  error_code: 'CEF_HEADER',
  organization_id: 'so-tttt',
  source: { input: 'syslog-tcp', format: 'cef' },
  first_seen_at: '2026-11-27T03:12:45.120Z',
});
