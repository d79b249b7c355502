import { createHash } from 'node:crypto';
import { TLP_LEVELS, type ObservableType, type Tlp } from '../../incidents/domain/observable';

/** The STIX 2.1 TLP marking definitions (TLP 1.0 names; fixed ids and content from the spec). */
const TLP_MARKINGS = {
  white: { id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', name: 'TLP:WHITE' },
  green: { id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', name: 'TLP:GREEN' },
  amber: { id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', name: 'TLP:AMBER' },
  red: { id: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', name: 'TLP:RED' },
} as const;
type StixTlp = keyof typeof TLP_MARKINGS;

/** TLP 2.0 (what Vigil records) in STIX 2.1's TLP 1.0 markings; AMBER+STRICT adds a statement. */
const STIX_TLP: Record<Tlp, StixTlp> = {
  clear: 'white',
  green: 'green',
  amber: 'amber',
  'amber+strict': 'amber',
  red: 'red',
};
const AMBER_STRICT_STATEMENT =
  'TLP:AMBER+STRICT - recipients may share only within their own organization, not with its clients.';

export interface StixObservable {
  id?: string;
  type: ObservableType;
  value: string;
  tlp: Tlp;
  addedAt?: string;
}

export interface StixExportInput {
  incidentId: string;
  incidentTitle: string;
  observables: readonly StixObservable[];
  /** The SOC sending the bundle (identity_class organization). */
  producer: string;
  /** The most restricted TLP that may leave; anything above it stays home. */
  maxTlp: Tlp;
  now: Date;
}

export interface StixExport {
  bundle: { type: 'bundle'; id: string; objects: Record<string, unknown>[] };
  exported: number;
  /** Observables above the TLP limit, left out. */
  withheld: number;
}

const rank = (tlp: Tlp): number => TLP_LEVELS.indexOf(tlp);

/** Whether something marked `tlp` may leave under the limit `maxTlp`. */
export const tlpAllows = (tlp: Tlp, maxTlp: Tlp): boolean => rank(tlp) <= rank(maxTlp);

/** A name-based UUID (version 5 layout over SHA-1): the same indicator keeps its id across exports. */
export function stableUuid(name: string): string {
  const bytes = createHash('sha1').update(`vigil:${name}`).digest().subarray(0, 16);
  bytes.writeUInt8((bytes.readUInt8(6) & 0x0f) | 0x50, 6);
  bytes.writeUInt8((bytes.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A STIX pattern string literal: backslash and quote escaped, as the patterning grammar requires. */
const literal = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const HASH_NAMES: Record<number, string> = { 32: 'MD5', 40: 'SHA-1', 64: 'SHA-256', 128: 'SHA-512' };

export function stixPattern(type: ObservableType, value: string): string {
  switch (type) {
    case 'ip':
      return `[${value.includes(':') ? 'ipv6-addr' : 'ipv4-addr'}:value = ${literal(value)}]`;
    case 'domain':
      return `[domain-name:value = ${literal(value)}]`;
    case 'url':
      return `[url:value = ${literal(value)}]`;
    case 'hash':
      return `[file:hashes.'${HASH_NAMES[value.length] ?? 'SHA-256'}' = ${literal(value.toLowerCase())}]`;
    case 'account':
      return `[user-account:account_login = ${literal(value)}]`;
    case 'file':
      return `[file:name = ${literal(value)}]`;
  }
}

/**
 * An incident's indicators as a STIX 2.1 bundle: the producer's identity, one indicator per
 * observable at or below the TLP limit, each marked with its TLP (and AMBER+STRICT's statement).
 */
export function stixBundle(input: StixExportInput): StixExport {
  const now = input.now.toISOString();
  const identity = {
    type: 'identity',
    spec_version: '2.1',
    id: `identity--${stableUuid(`identity:${input.producer}`)}`,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    name: input.producer,
    identity_class: 'organization',
  };
  const allowed = input.observables.filter((observable) => tlpAllows(observable.tlp, input.maxTlp));
  const markings = new Map<string, Record<string, unknown>>();
  const strict = {
    type: 'marking-definition',
    spec_version: '2.1',
    id: `marking-definition--${stableUuid('marking:tlp-amber-strict')}`,
    created: '2026-01-01T00:00:00.000Z',
    definition_type: 'statement',
    definition: { statement: AMBER_STRICT_STATEMENT },
  };
  const indicators = allowed.map((observable) => {
    const tlp = TLP_MARKINGS[STIX_TLP[observable.tlp]];
    markings.set(tlp.id, {
      type: 'marking-definition',
      spec_version: '2.1',
      id: tlp.id,
      created: '2017-01-20T00:00:00.000Z',
      definition_type: 'tlp',
      name: tlp.name,
      definition: { tlp: STIX_TLP[observable.tlp] },
    });
    const refs: string[] = [tlp.id];
    if (observable.tlp === 'amber+strict') {
      markings.set(strict.id, strict);
      refs.push(strict.id);
    }
    const key = `${input.incidentId}:${observable.id ?? `${observable.type}:${observable.value}`}`;
    return {
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${stableUuid(`indicator:${key}`)}`,
      created: now,
      modified: now,
      created_by_ref: identity.id,
      name: `${observable.type} seen in ${input.incidentId}`,
      description: `Observed in incident ${input.incidentId}: ${input.incidentTitle}`.slice(0, 2000),
      indicator_types: ['malicious-activity'],
      pattern: stixPattern(observable.type, observable.value),
      pattern_type: 'stix',
      valid_from: observable.addedAt ?? now,
      object_marking_refs: refs,
    };
  });
  return {
    bundle: {
      type: 'bundle',
      id: `bundle--${stableUuid(`bundle:${input.incidentId}:${now}`)}`,
      objects: [identity, ...markings.values(), ...indicators],
    },
    exported: indicators.length,
    withheld: input.observables.length - allowed.length,
  };
}
