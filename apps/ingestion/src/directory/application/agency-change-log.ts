import type { Actor, AgencyScope } from '@vigil/auth';

export type AgencyChangeAction =
  'create' | 'update' | 'disable' | 'enable' | 'rotate-key' | 'revoke-key' | 'register-system';

/** One entry of the directory change log: who changed which agency, how, and when. */
export interface AgencyChange {
  agencyId: string;
  version: number;
  action: AgencyChangeAction;
  actor: Actor;
  at: string;
}

/** The directory change log (Elasticsearch in production); reads are limited to the scope. */
export abstract class AgencyChangeLog {
  abstract append(change: AgencyChange): Promise<void>;
  /** Newest first; empty for an agency out of scope. */
  abstract of(agencyId: string, scope: AgencyScope): Promise<AgencyChange[]>;
}
