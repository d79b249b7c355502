import { Expose } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Min,
} from 'class-validator';

export interface RuleChangeV1 {
  rule_id: string;
  version: number;
  action: 'upsert' | 'delete';
  /** The Sigma YAML, for upserts. */
  sigma?: string;
  enabled: boolean;
  /** Vigil's metadata beside the Sigma file: suppression, per-agency filters. */
  metadata?: Record<string, unknown>;
  changed_by: string;
  changed_at: string;
}

/** `vigil.rules.v1` (compacted): the latest state of each rule, for hot reload. */
export class RuleChangeMessageV1 {
  @Expose() @IsString() @IsNotEmpty() rule_id!: string;
  @Expose() @IsInt() @Min(1) version!: number;
  @Expose() @IsIn(['upsert', 'delete']) action!: string;
  @Expose() @IsOptional() @IsString() sigma?: string;
  @Expose() @IsBoolean() enabled!: boolean;
  @Expose() @IsOptional() @IsObject() metadata?: Record<string, unknown>;
  @Expose() @IsString() @IsNotEmpty() changed_by!: string;
  @Expose() @IsISO8601({ strict: true }) changed_at!: string;
}

export const ruleChangeKeyV1 = (change: RuleChangeV1): string => change.rule_id;

export const exampleRuleChangeV1 = (): RuleChangeV1 => ({
  rule_id: 'vigil-ssh-bruteforce',
  version: 3,
  action: 'upsert',
  sigma:
    'title: SSH failed login\nlogsource:\n  product: linux\n  service: sshd\ndetection:\n  selection:\n    - Failed password\n  condition: selection\n',
  enabled: true,
  changed_by: 'rule-author.tran',
  changed_at: '2026-11-27T01:00:00.000Z',
});
