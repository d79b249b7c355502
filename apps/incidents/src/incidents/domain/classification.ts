/**
 * Legal class and priority of an incident (DESIGN.md "Incidents", after Quyết định 05/2017/QĐ-TTg):
 * pure functions of the affected systems and the stated impact, recomputed on every change.
 */

export const LEGAL_CLASSES = ['ordinary', 'serious'] as const;
export type LegalClass = (typeof LEGAL_CLASSES)[number];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * What the incident did. The first five make an incident on a level 4–5 (or critical) system
 * serious; `confirmed-compromise` makes it P2; `blocked-attempt` alone makes it P4.
 */
export const IMPACTS = [
  'outage',
  'secret-data-exposure',
  'unrecoverable-integrity-loss',
  'loss-of-control',
  'spreading',
  'confirmed-compromise',
  'limited',
  'blocked-attempt',
] as const;
export type Impact = (typeof IMPACTS)[number];

const SERIOUS_IMPACTS: ReadonlySet<Impact> = new Set([
  'outage',
  'secret-data-exposure',
  'unrecoverable-integrity-loss',
  'loss-of-control',
  'spreading',
]);

/** What classification needs to know of an affected information system. */
export interface ClassifiedSystem {
  readonly securityLevel: number;
  /** On the list of critical national information systems. */
  readonly critical: boolean;
}

export interface ClassificationInput {
  readonly systems: readonly ClassifiedSystem[];
  readonly impacts: readonly Impact[];
  readonly suspectedSerious: boolean;
}

/** Serious = a level 4–5 (or critical) system is affected AND the impact is one of the serious five. */
export function legalClassOf(input: Pick<ClassificationInput, 'systems' | 'impacts'>): LegalClass {
  const highSystem = input.systems.some((system) => system.securityLevel >= 4 || system.critical);
  const seriousImpact = input.impacts.some((impact) => SERIOUS_IMPACTS.has(impact));
  return highSystem && seriousImpact ? 'serious' : 'ordinary';
}

/**
 * P1 serious or suspected serious; P4 nothing but blocked attempts; P2 a system of level 3 or
 * above (or critical), or a confirmed compromise; P3 otherwise (limited impact, or none stated yet).
 */
export function priorityOf(input: ClassificationInput): Priority {
  if (input.suspectedSerious || legalClassOf(input) === 'serious') return 'P1';
  // Nothing got through: low whatever the system, unless someone suspects it is serious.
  if (input.impacts.length > 0 && input.impacts.every((impact) => impact === 'blocked-attempt')) return 'P4';
  if (input.systems.some((system) => system.securityLevel >= 3 || system.critical)) return 'P2';
  if (input.impacts.includes('confirmed-compromise')) return 'P2';
  return 'P3';
}
