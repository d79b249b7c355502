import { agencyFilter, inScope, type AgencyScope } from '@vigil/auth';
import type { QueueFilter } from '../application/alert-queue.repository';
import type { AlertDocument, ItemDocument } from './alert-queue.documents';
import { decodeCursor } from './queue-cursor';

/** An Elasticsearch query clause. */
export type Query = Record<string, unknown>;

/** The scope rule on one stored document (reads by id); the filters below apply it to searches. */
export function alertVisible(doc: AlertDocument, scope: AgencyScope): boolean {
  if (scope.kind === 'all') return true;
  return doc.scope !== 'soc' && inScope(scope, doc.organization.id);
}

export function itemVisible(doc: ItemDocument, scope: AgencyScope): boolean {
  if (scope.kind === 'all') return true;
  return doc.scope !== 'soc' && inScope(scope, doc.organization_id);
}

/** Agency scopes: their agencies (none outside an assessor's period), never SOC-only alerts. */
export function alertScopeFilter(scope: AgencyScope): Query[] {
  const only = agencyFilter(scope);
  if (only === undefined) return [];
  return [{ terms: { 'organization.id': [...only] } }, { bool: { must_not: { term: { scope: 'soc' } } } }];
}

export function itemScopeFilter(scope: AgencyScope): Query[] {
  const only = agencyFilter(scope);
  if (only === undefined) return [];
  return [{ terms: { organization_id: [...only] } }, { bool: { must_not: { term: { scope: 'soc' } } } }];
}

export function alertFilters(filter: QueueFilter): Query[] {
  const clauses: Query[] = [];
  const terms = (field: string, values: readonly string[] | undefined): void => {
    if (values !== undefined && values.length > 0) clauses.push({ terms: { [field]: [...values] } });
  };
  terms('rule.id', filter.ruleIds);
  terms('organization.id', filter.organizationIds);
  terms('host.name', filter.hosts);
  terms('source_ip', filter.sourceIps);
  terms('rule.level', filter.levels);
  terms('triage.state', filter.states);
  terms('assignment.assignee_id', filter.assigneeIds);
  if (filter.itemId !== undefined) clauses.push({ term: { item_id: filter.itemId } });
  if (filter.from !== undefined || filter.to !== undefined)
    clauses.push({ range: { raised_at: { gte: filter.from, lte: filter.to } } });
  return clauses;
}

export function itemFilters(filter: QueueFilter): Query[] {
  const clauses: Query[] = [];
  const terms = (field: string, values: readonly string[] | undefined): void => {
    if (values !== undefined && values.length > 0) clauses.push({ terms: { [field]: [...values] } });
  };
  terms('rule.id', filter.ruleIds);
  terms('organization_id', filter.organizationIds);
  terms('hosts', filter.hosts);
  terms('source_ips', filter.sourceIps);
  terms('level', filter.levels);
  terms('states_present', filter.states);
  terms('assignee_ids', filter.assigneeIds);
  if (filter.itemId !== undefined) clauses.push({ term: { id: filter.itemId } });
  // An item overlaps [from, to] when it was last seen after `from` and first seen before `to`.
  if (filter.from !== undefined) clauses.push({ range: { last_seen: { gte: filter.from } } });
  if (filter.to !== undefined) clauses.push({ range: { first_seen: { lte: filter.to } } });
  return clauses;
}

export const isSortValues = (value: unknown): value is [number, string] =>
  Array.isArray(value) &&
  value.length === 2 &&
  typeof value[0] === 'number' &&
  Number.isFinite(value[0]) &&
  typeof value[1] === 'string';

export const isAfterKey = (value: unknown): value is { value: string | number } =>
  typeof value === 'object' &&
  value !== null &&
  Object.keys(value).length === 1 &&
  ['string', 'number'].includes(typeof (value as { value?: unknown }).value);

export function decodeSortCursor(cursor: string | undefined): [number, string] | undefined {
  return cursor === undefined ? undefined : decodeCursor(cursor, isSortValues);
}
