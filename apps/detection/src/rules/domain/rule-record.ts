import type { Actor } from '@vigil/auth';

export type RuleKind = 'rule' | 'correlation' | 'filter';
export type RuleOrigin = 'pack' | 'api' | 'import';
export type RuleChangeAction = 'create' | 'update' | 'enable' | 'disable' | 'metadata' | 'delete';

/** Vigil's settings beside the Sigma file (never written into it). */
export interface RuleMetadata {
  /** Alerts with the same values of these fields within the window are suppressed. */
  suppression?: { fields: string[]; window_seconds: number };
  /** Per-agency tuning: Sigma filter documents applied to this rule for the listed agencies. */
  filters?: { organization_ids: string[]; sigma: string }[];
}

/** The current state of one rule (a tombstone after delete keeps the version sequence going). */
export interface RuleRecord {
  id: string;
  sigma: string;
  kind: RuleKind;
  title: string;
  level?: string;
  tags: string[];
  enabled: boolean;
  version: number;
  metadata: RuleMetadata;
  origin: RuleOrigin;
  /** The name of who made the change (records of earlier releases: a role name). */
  updatedBy: string;
  /** Who made the change: the person or service and the roles they held (absent on earlier records). */
  actor?: Actor;
  updatedAt: string;
  deleted: boolean;
}

/** One entry of a rule's history: the record as it was after the change, and what changed. */
export interface RuleVersion extends RuleRecord {
  action: RuleChangeAction;
}

export interface RuleContent {
  id: string;
  sigma: string;
  kind: RuleKind;
  title: string;
  level?: string;
  tags: string[];
}

export interface Change {
  actor: Actor;
  at: string;
}

/** A rule written from Sigma text: new (version 1, or after a tombstone) or a new version of it. */
export function writeRule(
  previous: RuleRecord | undefined,
  content: RuleContent,
  input: { enabled?: boolean; metadata?: RuleMetadata; origin: RuleOrigin },
  change: Change,
): RuleVersion {
  const live = previous && !previous.deleted ? previous : undefined;
  return {
    ...content,
    level: content.level,
    enabled: input.enabled ?? live?.enabled ?? true,
    metadata: input.metadata ?? live?.metadata ?? {},
    origin: live?.origin ?? input.origin,
    version: (previous?.version ?? 0) + 1,
    updatedBy: change.actor.name,
    actor: change.actor,
    updatedAt: change.at,
    deleted: false,
    action: live ? 'update' : 'create',
  };
}

export function setEnabled(previous: RuleRecord, enabled: boolean, change: Change): RuleVersion {
  return next(previous, { enabled }, enabled ? 'enable' : 'disable', change);
}

export function setMetadata(previous: RuleRecord, metadata: RuleMetadata, change: Change): RuleVersion {
  return next(previous, { metadata }, 'metadata', change);
}

export function tombstone(previous: RuleRecord, change: Change): RuleVersion {
  return next(previous, { deleted: true, enabled: false }, 'delete', change);
}

/** Whether the text changed in a way worth a new version (same text, same settings: no-op). */
export function isUnchanged(previous: RuleRecord | undefined, candidate: RuleVersion): boolean {
  return (
    previous !== undefined &&
    !previous.deleted &&
    previous.sigma === candidate.sigma &&
    previous.enabled === candidate.enabled &&
    JSON.stringify(previous.metadata) === JSON.stringify(candidate.metadata)
  );
}

function next(
  previous: RuleRecord,
  fields: Partial<RuleRecord>,
  action: RuleChangeAction,
  change: Change,
): RuleVersion {
  return {
    ...previous,
    ...fields,
    version: previous.version + 1,
    updatedBy: change.actor.name,
    actor: change.actor,
    updatedAt: change.at,
    action,
  };
}
