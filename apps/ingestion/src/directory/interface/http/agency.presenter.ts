import type { AgencyChange } from '../../application/agency-change-log';
import { AGENCY_INPUTS, type Agency } from '../../domain/agency';

/** An agency as the API shows it: snake_case, key ids and dates but never key hashes. */
export function presentAgency(agency: Agency): Record<string, unknown> {
  return {
    id: agency.id,
    name: agency.name,
    contact: agency.contact,
    status: agency.status,
    timezone: agency.timezone,
    quotas: {
      events_per_second: agency.quotas.eventsPerSecond,
      bytes_per_second: agency.quotas.bytesPerSecond,
    },
    syslog_sources: {
      cidrs: agency.syslogSources.cidrs,
      cert_fingerprints: agency.syslogSources.certFingerprints,
      trusted_networks: agency.syslogSources.trustedNetworks ?? [],
    },
    silence_window_minutes: agency.silenceWindowMinutes,
    retention_days: agency.retentionDays,
    inputs: agency.inputs ?? AGENCY_INPUTS,
    api_keys: agency.apiKeys.map((key) => ({
      id: key.id,
      created_at: key.createdAt,
      revoked_at: key.revokedAt,
    })),
    systems: agency.systems.map((system) => ({
      id: system.id,
      name: system.name,
      security_level: system.securityLevel,
      owner: system.owner,
      operator: system.operator,
      hostnames: system.hostnames,
      address_ranges: system.addressRanges,
      critical: system.critical,
    })),
    created_at: agency.createdAt,
    updated_at: agency.updatedAt,
    updated_by: agency.updatedBy,
    version: agency.version,
  };
}

/** One entry of the directory change log: the person (id, name, roles), the action, the time. */
export function presentAgencyChange(change: AgencyChange): Record<string, unknown> {
  return {
    agency_id: change.agencyId,
    version: change.version,
    action: change.action,
    actor: change.actor,
    at: change.at,
  };
}
