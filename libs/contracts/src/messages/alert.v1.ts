import { Expose, Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Min,
  ValidateNested,
} from 'class-validator';

export const AlertLevels = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type AlertLevel = (typeof AlertLevels)[number];

export const AlertKinds = ['match', 'correlation', 'system'] as const;
export type AlertKind = (typeof AlertKinds)[number];

/**
 * Who may see an alert. `agency`: the agency in `organization.id` and SOC roles. `soc`: SOC roles
 * only — a cross-agency correlation (a rule with `vigil: { cross_agency: true }`) whose events come
 * from several agencies; no agency user may see it, not even one of those it names.
 * An alert without `scope` (written before the field existed) is an agency alert.
 */
export const AlertScopes = ['agency', 'soc'] as const;
export type AlertScope = (typeof AlertScopes)[number];

/** `organization.id` of a SOC-scope alert: never an agency id (those are lowercase, digits, dashes). */
export const SOC_ORGANIZATION_ID = '*';

export interface AlertEventRef {
  /** The event's `event.id`: chosen by the agency for JSON input, so unique only within it. */
  id: string;
  /** The Elasticsearch index the event was written to, when known. */
  index?: string;
  /** The agency that sent the event (with `id`, what identifies it); absent on older alerts. */
  organization_id?: string;
}

export interface AlertV1 {
  /**
   * Deterministic: derived from rule id, agency, drill run and event id (or the correlation's
   * partition, group and window), so redelivery never makes a second alert and one agency's
   * choice of event ids never collides with another's alerts.
   */
  id: string;
  kind: AlertKind;
  /** The time of the (first) matched event. */
  '@timestamp': string;
  raised_at: string;
  event_ingested_at?: string;
  rule: { id: string; title: string; level: AlertLevel; tags: string[] };
  /** The agency the alert belongs to; SOC_ORGANIZATION_ID for a `soc`-scope alert. */
  organization: { id: string };
  /** Who may see it (see AlertScopes); absent means `agency`. */
  scope?: AlertScope;
  /** Every agency whose events the alert lists (one for an agency alert, several for a SOC one). */
  agencies?: string[];
  host?: { name?: string };
  events: AlertEventRef[];
  /** Alerts with the same group key belong together (e.g. same rule, source and host). */
  group_key: string;
  /** Which selections matched, with the field values: what an analyst reads first. */
  explanation?: Record<string, unknown>;
  /** Repeated matches folded into this alert by suppression. */
  count?: number;
  last_seen_at?: string;
  drill?: { run_id: string };
}

class AlertRuleV1 {
  @Expose() @IsString() @IsNotEmpty() id!: string;
  @Expose() @IsString() @IsNotEmpty() title!: string;
  @Expose() @IsIn(AlertLevels) level!: string;
  @Expose() @IsArray() @IsString({ each: true }) tags!: string[];
}

class AlertOrganizationV1 {
  @Expose() @IsString() @IsNotEmpty() id!: string;
}

class AlertEventRefV1 {
  @Expose() @IsString() @IsNotEmpty() id!: string;
  @Expose() @IsOptional() @IsString() index?: string;
  @Expose() @IsOptional() @IsString() @IsNotEmpty() organization_id?: string;
}

/** `vigil.alerts.v1`: a rule match, a correlation, or a system alert (e.g. a silent log source). */
export class AlertMessageV1 {
  @Expose() @IsString() @IsNotEmpty() id!: string;
  @Expose() @IsIn(AlertKinds) kind!: string;
  @Expose() @IsISO8601({ strict: true }) '@timestamp'!: string;
  @Expose() @IsISO8601({ strict: true }) raised_at!: string;
  @Expose() @IsOptional() @IsISO8601({ strict: true }) event_ingested_at?: string;
  @Expose() @ValidateNested() @Type(() => AlertRuleV1) rule!: AlertRuleV1;
  @Expose() @ValidateNested() @Type(() => AlertOrganizationV1) organization!: AlertOrganizationV1;
  @Expose() @IsOptional() @IsIn(AlertScopes) scope?: string;
  @Expose() @IsOptional() @IsArray() @IsString({ each: true }) agencies?: string[];
  @IsArray()
  @ArrayMinSize(0)
  @ValidateNested({ each: true })
  @Type(() => AlertEventRefV1)
  @Expose()
  events!: AlertEventRefV1[];
  @Expose() @IsString() group_key!: string;
  @Expose() @IsOptional() @IsObject() explanation?: Record<string, unknown>;
  @Expose() @IsOptional() @IsInt() @Min(1) count?: number;
}

export const alertKeyV1 = (alert: AlertV1): string => alert.id;

export const exampleAlertV1 = (): AlertV1 => ({
  id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  kind: 'correlation',
  '@timestamp': '2026-11-27T03:12:45.000Z',
  raised_at: '2026-11-27T03:12:45.300Z',
  event_ingested_at: '2026-11-27T03:12:45.120Z',
  rule: {
    id: 'vigil-ssh-bruteforce',
    title: 'SSH brute force from one source',
    level: 'high',
    tags: ['attack.credential-access', 'attack.t1110'],
  },
  organization: { id: 'so-tttt' },
  scope: 'agency',
  agencies: ['so-tttt'],
  host: { name: 'web01' },
  events: [
    {
      id: '0b6e7f7e-8a4e-4f0e-9d51-2c7f0f4f3a11',
      index: 'vigil-events-so-tttt-2026.11.27',
      organization_id: 'so-tttt',
    },
  ],
  group_key: 'vigil-ssh-bruteforce|so-tttt|203.0.113.7',
  explanation: { 'source.ip': '203.0.113.7', count: 10 },
});

/** A cross-agency correlation: the SOC's, naming every agency whose events it lists. */
export const exampleSocAlertV1 = (): AlertV1 => ({
  ...exampleAlertV1(),
  id: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
  rule: {
    id: 'vigil-ssh-bruteforce-cross-agency',
    title: 'SSH brute force from one source against several agencies',
    level: 'critical',
    tags: ['attack.credential-access', 'attack.t1110'],
  },
  organization: { id: SOC_ORGANIZATION_ID },
  scope: 'soc',
  agencies: ['so-tttt', 'so-yte'],
  host: undefined,
  events: [
    { id: '0b6e7f7e-8a4e-4f0e-9d51-2c7f0f4f3a11', organization_id: 'so-tttt' },
    { id: '0b6e7f7e-8a4e-4f0e-9d51-2c7f0f4f3a11', organization_id: 'so-yte' },
  ],
  group_key: 'vigil-ssh-bruteforce-cross-agency|*|source.ip=203.0.113.7',
  explanation: { 'source.ip': '203.0.113.7', count: 2 },
});
