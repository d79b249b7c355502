import { isIP } from 'node:net';
import { IncidentsError } from './incidents.error';

export const OBSERVABLE_TYPES = ['ip', 'domain', 'url', 'hash', 'account', 'file'] as const;
export type ObservableType = (typeof OBSERVABLE_TYPES)[number];

/** Traffic Light Protocol 2.0: how far an indicator may be shared. */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

export interface Observable {
  id: string;
  type: ObservableType;
  value: string;
  tlp: Tlp;
  note?: string;
  addedAt: string;
  addedBy: string;
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const HASH = /^(?:[a-f0-9]{32}|[a-f0-9]{40}|[a-f0-9]{64}|[a-f0-9]{128})$/i;
const MAX_VALUE = 2048;

/**
 * Checks one observable's value against its type and returns it normalized (domains and hashes
 * lowercase); `at` names it in the error (e.g. `observables[2].value`).
 */
export function normalizedObservableValue(type: ObservableType, value: string, at: string): string {
  const text = value.trim();
  if (text === '' || text.length > MAX_VALUE)
    throw IncidentsError.invalid(at, `must be 1-${MAX_VALUE} characters`);
  switch (type) {
    case 'ip':
      if (isIP(text) === 0) throw IncidentsError.invalid(at, `"${text.slice(0, 64)}" is not an IP address`);
      return text;
    case 'domain':
      if (!DOMAIN.test(text)) throw IncidentsError.invalid(at, 'is not a domain name');
      return text.toLowerCase();
    case 'url':
      if (!URL.canParse(text)) throw IncidentsError.invalid(at, 'is not an absolute URL');
      return text;
    case 'hash':
      if (!HASH.test(text))
        throw IncidentsError.invalid(at, 'must be an MD5, SHA-1, SHA-256 or SHA-512 in hex');
      return text.toLowerCase();
    case 'account':
    case 'file':
      return text;
  }
}
