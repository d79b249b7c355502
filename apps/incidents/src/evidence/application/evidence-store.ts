import type { Readable } from 'node:stream';
import type { Evidence } from '../domain/evidence';
import type { AgencyScope } from '@vigil/auth';

/** Where evidence files live, addressed by their SHA-256 (a directory; shared by every instance). */
export abstract class EvidenceStore {
  /**
   * Stores a stream, hashing it as it arrives; refuses (EvidenceError too large) once it passes
   * `maxBytes`, keeping nothing. The same content stored twice is one file.
   */
  abstract put(content: Readable, maxBytes: number): Promise<{ sha256: string; size: number }>;
  /** Reads the stored file whole again and says whether it still has its hash. */
  abstract verify(sha256: string): Promise<boolean>;
  abstract open(sha256: string): Readable;
}

/** Evidence records (Elasticsearch): which incident holds which file, added by whom. */
export abstract class EvidenceRepository {
  /** False when the incident already holds that file. */
  abstract create(evidence: Evidence): Promise<boolean>;
  abstract get(incidentId: string, sha256: string, scope: AgencyScope): Promise<Evidence | undefined>;
  abstract ofIncident(incidentId: string, scope: AgencyScope): Promise<Evidence[]>;
}
