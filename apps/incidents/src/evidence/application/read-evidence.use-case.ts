import { Inject, Injectable } from '@nestjs/common';
import { actorOf, type Principal } from '@vigil/auth';
import type { Readable } from 'node:stream';
import { ReadAuditChainUseCase } from '../../audit/application/read-audit-chain.use-case';
import { AuditTrail } from '../../audit/application/audit-trail';
import { IncidentChanges } from '../../incidents/application/incident-changes';
import type { Evidence } from '../domain/evidence';
import { EvidenceError, EvidenceErrorCode } from '../domain/evidence.error';
import { EvidenceRepository, EvidenceStore } from './evidence-store';

/** One link of an evidence file's chain of custody, from the incident's audit trail. */
export interface CustodyEntry {
  at: string;
  action: string;
  by: { id: string; name: string };
  seq: number;
}

/**
 * An incident's evidence: the list, a file's custody (who added it, who downloaded it, from the
 * audit trail), and downloads, each of which re-reads the stored file and checks its SHA-256
 * before a byte is sent and is itself recorded.
 */
@Injectable()
export class ReadEvidenceUseCase {
  constructor(
    @Inject(EvidenceStore) private readonly store: EvidenceStore,
    @Inject(EvidenceRepository) private readonly records: EvidenceRepository,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(ReadAuditChainUseCase) private readonly chains: ReadAuditChainUseCase,
    @Inject(IncidentChanges) private readonly incidents: IncidentChanges,
  ) {}

  /** An incident outside the caller's scope answers 404, like one that does not exist. */
  async ofIncident(incidentId: string, principal: Principal): Promise<Evidence[]> {
    await this.incidents.load(incidentId, principal.scope);
    return this.records.ofIncident(incidentId, principal.scope);
  }

  async custody(incidentId: string, sha256: string, principal: Principal): Promise<CustodyEntry[]> {
    await this.find(incidentId, sha256, principal);
    const entries = await this.chains.entries({ type: 'incident', id: incidentId }, principal);
    return entries
      .filter((entry) => entry.action.startsWith('evidence-') && entry.after?.sha256 === sha256)
      .map((entry) => ({
        at: entry.at,
        action: entry.action,
        by: { id: entry.actor.id, name: entry.actor.name },
        seq: entry.seq,
      }));
  }

  async download(
    incidentId: string,
    sha256: string,
    principal: Principal,
  ): Promise<{ evidence: Evidence; content: Readable }> {
    const evidence = await this.find(incidentId, sha256, principal);
    const intact = await this.store.verify(sha256);
    await this.audit.record([
      {
        subject: { type: 'incident', id: evidence.incidentId },
        incidentId: evidence.incidentId,
        organizationId: evidence.agencyId,
        actor: actorOf(principal),
        action: intact ? 'evidence-downloaded' : 'evidence-integrity-failed',
        after: { sha256, file_name: evidence.fileName },
        ...(evidence.drillRunId !== undefined && { drillRunId: evidence.drillRunId }),
      },
    ]);
    if (!intact) {
      throw new EvidenceError(
        EvidenceErrorCode.IntegrityFailed,
        `the stored file of ${sha256} no longer has that hash: it was altered or damaged; not sent`,
      );
    }
    return { evidence, content: this.store.open(sha256) };
  }

  private async find(incidentId: string, sha256: string, principal: Principal): Promise<Evidence> {
    const evidence = await this.records.get(incidentId, sha256, principal.scope);
    if (!evidence) throw EvidenceError.notFound(incidentId, sha256);
    return evidence;
  }
}
