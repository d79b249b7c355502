import type { DirectoryRecordV1 } from '@vigil/contracts';

/** An information system as the incidents service caches it from vigil.directory.v1. */
export interface DirectorySystem {
  /** `<agency>/<system>`, as ingestion publishes it. */
  id: string;
  agencyId: string;
  name: string;
  securityLevel: number;
  critical: boolean;
  owner?: string;
  operator?: string;
  /** Lowercase host names, so alerts naming a host find the system it belongs to. */
  hostnames: string[];
  version: number;
  deleted: boolean;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The system in a directory record, or undefined for agency records and records whose security
 * level is not 1-5. Ingestion writes camelCase (`securityLevel`); the contract's example snake_case.
 */
export function directorySystemOf(record: DirectoryRecordV1): DirectorySystem | undefined {
  if (record.kind !== 'system') return undefined;
  const body = record.record;
  const level = body.securityLevel ?? body.security_level;
  if (typeof level !== 'number' || !Number.isInteger(level) || level < 1 || level > 5) return undefined;
  return {
    id: record.id,
    agencyId: record.agency_id,
    name: (str(body.name) ?? record.id).slice(0, 500),
    securityLevel: level,
    critical: body.critical === true,
    owner: str(body.owner)?.slice(0, 500),
    operator: str(body.operator)?.slice(0, 500),
    hostnames: (Array.isArray(body.hostnames) ? body.hostnames : [])
      .filter((name): name is string => typeof name === 'string' && name !== '')
      .slice(0, 200)
      .map((name) => name.slice(0, 253).toLowerCase()),
    version: record.version,
    deleted: record.deleted === true,
  };
}

/** An agency as the incidents service caches it: its name, for reports and the console. */
export interface DirectoryAgency {
  id: string;
  name: string;
  version: number;
  deleted: boolean;
}

/** The agency in a directory record, or undefined for system records. */
export function directoryAgencyOf(record: DirectoryRecordV1): DirectoryAgency | undefined {
  if (record.kind !== 'agency') return undefined;
  return {
    id: record.id,
    name: (str(record.record.name) ?? record.id).slice(0, 500),
    version: record.version,
    deleted: record.deleted === true,
  };
}
