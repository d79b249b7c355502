import type { DirectoryAgency, DirectorySystem } from '../domain/directory-system';

/**
 * The directory's information systems as every incidents instance sees them (a cache of the
 * compacted vigil.directory.v1 shared in Redis). A port: the store is Redis, tests read it too.
 */
export abstract class SystemDirectory {
  /** Applies a record unless the cache holds a newer version of it (redelivery, replays). */
  abstract apply(system: DirectorySystem): Promise<void>;
  /** The agency's systems among `ids` that exist and are not deleted. */
  abstract systems(agencyId: string, ids: readonly string[]): Promise<Map<string, DirectorySystem>>;
  /** The agency's systems (not deleted) that list `hostname` among their host names. */
  abstract systemsOnHost(agencyId: string, hostname: string): Promise<DirectorySystem[]>;
  /** Applies an agency record unless the cache holds a newer version of it. */
  abstract applyAgency(agency: DirectoryAgency): Promise<void>;
  /** The agency's registered name, if the directory has it (and it is not deleted). */
  abstract agencyName(agencyId: string): Promise<string | undefined>;
}
