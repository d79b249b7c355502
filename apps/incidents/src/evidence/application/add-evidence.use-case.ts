import { Inject, Injectable } from '@nestjs/common';
import { actorOf, type Principal } from '@vigil/auth';
import type { Readable } from 'node:stream';
import { AuditTrail } from '../../audit/application/audit-trail';
import { IncidentChanges } from '../../incidents/application/incident-changes';
import { safeFileName, safeMediaType, type Evidence } from '../domain/evidence';
import { EvidenceRepository, EvidenceStore } from './evidence-store';

export const EVIDENCE_MAX_BYTES = Symbol('vigil.incidents.evidence-max-bytes');

/**
 * Attaches a file to an incident: stored by its SHA-256 (size-limited), recorded against the
 * incident, and entered in the incident's audit trail as the first link of its custody.
 */
@Injectable()
export class AddEvidenceUseCase {
  constructor(
    @Inject(IncidentChanges) private readonly incidents: IncidentChanges,
    @Inject(EvidenceStore) private readonly store: EvidenceStore,
    @Inject(EvidenceRepository) private readonly records: EvidenceRepository,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(EVIDENCE_MAX_BYTES) private readonly maxBytes: number,
  ) {}

  async execute(
    incidentId: string,
    upload: { content: Readable; fileName?: string; mediaType?: string; note?: string },
    principal: Principal,
  ): Promise<{ evidence: Evidence; created: boolean }> {
    // Scope first: a file for an incident the caller cannot see is not even read.
    const incident = await this.incidents.load(incidentId, principal.scope);
    const { sha256, size } = await this.store.put(upload.content, this.maxBytes);
    const evidence: Evidence = {
      incidentId: incident.id,
      agencyId: incident.agencyId,
      sha256,
      fileName: safeFileName(upload.fileName),
      mediaType: safeMediaType(upload.mediaType),
      size,
      ...(upload.note !== undefined && { note: upload.note.slice(0, 2000) }),
      addedAt: new Date().toISOString(),
      addedBy: actorOf(principal),
      ...(incident.drillRunId !== undefined && { drillRunId: incident.drillRunId }),
    };
    const created = await this.records.create(evidence);
    if (!created) {
      const existing = await this.records.get(incident.id, sha256, principal.scope);
      return { evidence: existing ?? evidence, created: false };
    }
    await this.audit.record([
      {
        subject: { type: 'incident', id: incident.id },
        incidentId: incident.id,
        organizationId: incident.agencyId,
        actor: evidence.addedBy,
        action: 'evidence-added',
        after: { sha256, file_name: evidence.fileName, media_type: evidence.mediaType, size },
        ...(incident.drillRunId !== undefined && { drillRunId: incident.drillRunId }),
      },
    ]);
    return { evidence, created: true };
  }
}
