import { Expose, Type } from 'class-transformer';
import { IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';

export interface IncidentChangeV1 {
  change_id: string;
  incident_id: string;
  organization_id: string;
  at: string;
  actor: { id: string; role?: string };
  /** What happened: created, transitioned, assigned, commented, evidence-added, … */
  action: string;
  reason?: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

class ActorV1 {
  @Expose() @IsString() @IsNotEmpty() id!: string;
  @Expose() @IsOptional() @IsString() role?: string;
}

/** `vigil.incidents.v1`: the audit stream of incident changes (who, what, before/after). */
export class IncidentChangeMessageV1 {
  @Expose() @IsString() @IsNotEmpty() change_id!: string;
  @Expose() @IsString() @IsNotEmpty() incident_id!: string;
  @Expose() @IsString() @IsNotEmpty() organization_id!: string;
  @Expose() @IsISO8601({ strict: true }) at!: string;
  @Expose() @ValidateNested() @Type(() => ActorV1) actor!: ActorV1;
  @Expose() @IsString() @IsNotEmpty() action!: string;
  @Expose() @IsOptional() @IsString() reason?: string;
  @Expose() @IsOptional() @IsObject() before?: Record<string, unknown>;
  @Expose() @IsOptional() @IsObject() after?: Record<string, unknown>;
}

export const incidentChangeKeyV1 = (change: IncidentChangeV1): string => change.incident_id;

export const exampleIncidentChangeV1 = (): IncidentChangeV1 => ({
  change_id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  incident_id: 'INC-2026-000042',
  organization_id: 'so-tttt',
  at: '2026-11-27T03:20:00.000Z',
  actor: { id: 'analyst.nguyen', role: 'soc-analyst' },
  action: 'transitioned',
  reason: 'confirmed brute force from a single source',
  before: { state: 'received' },
  after: { state: 'acknowledged' },
});
