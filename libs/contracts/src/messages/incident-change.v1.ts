import { Expose, Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';

/** What a change is about: an alert's triage, a queue item (folded alerts), or an incident. */
export const ChangeSubjectTypes = ['alert', 'queue-item', 'incident'] as const;
export type ChangeSubjectType = (typeof ChangeSubjectTypes)[number];

/**
 * One change to an alert's triage state or to an incident: the audit stream. Every change is also
 * an entry of its subject's tamper-evident hash chain (`chain`), so a consumer can check that it
 * saw every change of a subject, in order, unaltered.
 *
 * Compatibility: `subject`, `chain`, `drill` and the actor's `name`/`roles` were added, and
 * `incident_id` became optional (absent for alert triage changes), before any producer published
 * on this topic: the incidents service is its first and only producer.
 */
export interface IncidentChangeV1 {
  change_id: string;
  subject: { type: ChangeSubjectType; id: string };
  /** The incident the change concerns: the subject itself, or the incident an alert was escalated to. */
  incident_id?: string;
  /** The owning agency; '*' for SOC-only subjects (cross-agency alerts). */
  organization_id: string;
  at: string;
  actor: { id: string; name?: string; role?: string; roles?: string[] };
  /** What happened: created, transitioned, assigned, commented, evidence-added, … */
  action: string;
  reason?: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  /** Position in the subject's hash chain: `hash` = SHA-256 of the entry with `prev_hash`. */
  chain: { seq: number; prev_hash: string; hash: string };
  /** Drill traffic: never counted as real activity, never exported. */
  drill?: { run_id: string };
}

class ChangeSubjectV1 {
  @Expose() @IsIn(ChangeSubjectTypes) type!: ChangeSubjectType;
  @Expose() @IsString() @IsNotEmpty() id!: string;
}

class ActorV1 {
  @Expose() @IsString() @IsNotEmpty() id!: string;
  @Expose() @IsOptional() @IsString() name?: string;
  @Expose() @IsOptional() @IsString() role?: string;
  @Expose() @IsOptional() @IsArray() @IsString({ each: true }) roles?: string[];
}

class ChainPositionV1 {
  @Expose() @IsInt() @Min(1) seq!: number;
  @Expose() @Matches(/^[0-9a-f]{64}$/) prev_hash!: string;
  @Expose() @Matches(/^[0-9a-f]{64}$/) hash!: string;
}

class DrillRefV1 {
  @Expose() @IsString() @IsNotEmpty() run_id!: string;
}

/** `vigil.incidents.v1`: the audit stream of alert triage and incident changes (who, what, before/after). */
export class IncidentChangeMessageV1 {
  @Expose() @IsString() @IsNotEmpty() change_id!: string;
  @Expose() @ValidateNested() @Type(() => ChangeSubjectV1) subject!: ChangeSubjectV1;
  @Expose() @IsOptional() @IsString() @IsNotEmpty() incident_id?: string;
  @Expose() @IsString() @IsNotEmpty() organization_id!: string;
  @Expose() @IsISO8601({ strict: true }) at!: string;
  @Expose() @ValidateNested() @Type(() => ActorV1) actor!: ActorV1;
  @Expose() @IsString() @IsNotEmpty() action!: string;
  @Expose() @IsOptional() @IsString() reason?: string;
  @Expose() @IsOptional() @IsObject() before?: Record<string, unknown>;
  @Expose() @IsOptional() @IsObject() after?: Record<string, unknown>;
  @Expose() @ValidateNested() @Type(() => ChainPositionV1) chain!: ChainPositionV1;
  @Expose() @IsOptional() @ValidateNested() @Type(() => DrillRefV1) drill?: DrillRefV1;
}

/** Keyed by subject, so one subject's changes stay in order on one partition. */
export const incidentChangeKeyV1 = (change: IncidentChangeV1): string =>
  `${change.subject.type}:${change.subject.id}`;

export const exampleIncidentChangeV1 = (): IncidentChangeV1 => ({
  change_id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  subject: { type: 'incident', id: 'INC-2026-000042' },
  incident_id: 'INC-2026-000042',
  organization_id: 'so-tttt',
  at: '2026-11-27T03:20:00.000Z',
  actor: { id: 'analyst.nguyen', name: 'Nguyễn Văn An', roles: ['analyst'] },
  action: 'transitioned',
  reason: 'confirmed brute force from a single source',
  before: { state: 'received' },
  after: { state: 'acknowledged' },
  chain: {
    seq: 2,
    prev_hash: '5f1d7c3b9a0e4d2c8b6a4f2e0d9c7b5a3f1e9d7c5b3a1f0e8d6c4b2a09f7e5d3',
    hash: 'a3c5e7f9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5',
  },
});
