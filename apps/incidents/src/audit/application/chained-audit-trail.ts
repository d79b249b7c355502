import { Inject, Injectable, Logger } from '@nestjs/common';
import { Topics, type IncidentChangeV1 } from '@vigil/contracts';
import { Publisher } from '@vigil/messaging';
import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, sealed, type ChainAnchor, type StoredAuditEntry } from '../domain/audit-chain';
import { AuditLog, ChainAnchors } from './audit-log';
import { AuditTrail, type AuditChange, type AuditEntry } from './audit-trail';

/** How many chains are appended to at once (a bulk triage touches one chain per alert). */
const PARALLEL_CHAINS = 16;
/** Appends racing on one chain retry from the new head; more than this means something is wrong. */
const MAX_APPEND_ATTEMPTS = 20;

export class AuditAppendError extends Error {}

/**
 * The audit trail: each change becomes the next entry of its subject's hash chain in Elasticsearch
 * (document id `<chain>#<seq>`, written with `create`, so two instances appending to one chain at
 * once cannot both take a position: the loser re-reads the head and tries the next), then is
 * published on `vigil.incidents.v1`. An entry written but not published (a crash, Kafka down) is
 * sent later by the relay (AuditRelay); consumers de-duplicate by `change_id`.
 */
@Injectable()
export class ChainedAuditTrail extends AuditTrail {
  private readonly logger = new Logger('audit');

  constructor(
    @Inject(AuditLog) private readonly log: AuditLog,
    @Inject(ChainAnchors) private readonly anchors: ChainAnchors,
    @Inject(Publisher) private readonly publisher: Publisher,
  ) {
    super();
  }

  async record(changes: readonly AuditChange[]): Promise<readonly AuditEntry[]> {
    const byChain = new Map<string, { index: number; change: AuditChange }[]>();
    changes.forEach((change, index) => {
      const key = chainOf(change.subject);
      const list = byChain.get(key) ?? [];
      list.push({ index, change });
      byChain.set(key, list);
    });
    const stored: StoredAuditEntry[] = new Array<StoredAuditEntry>(changes.length);
    const queue = [...byChain.entries()];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [chain, items] = next;
        for (const { index, change } of items) stored[index] = await this.append(chain, change);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_CHAINS, queue.length) }, worker));
    await this.publish(stored);
    return stored.map(toAuditEntry);
  }

  /** Sends entries to Kafka and notes it; what fails here stays for the relay. False when it failed. */
  async publish(entries: readonly StoredAuditEntry[]): Promise<boolean> {
    if (entries.length === 0) return true;
    try {
      await this.publisher.publish(Topics.IncidentsV1, entries.map(toChangeMessage));
      await this.log.markPublished(entries, new Date().toISOString());
      return true;
    } catch (error) {
      // The entries are durable in Elasticsearch; the relay publishes them once Kafka is back.
      this.logger.warn({
        msg: 'audit entries not published yet; the relay will retry',
        count: entries.length,
        error: String(error),
      });
      return false;
    }
  }

  private async append(chain: string, change: AuditChange): Promise<StoredAuditEntry> {
    let head = await this.headOf(chain);
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      const entry = sealed({
        change_id: randomUUID(),
        chain,
        seq: head.seq + 1,
        at: new Date().toISOString(),
        subject: { type: change.subject.type, id: change.subject.id },
        ...(change.incidentId !== undefined && { incident_id: change.incidentId }),
        organization_id: change.organizationId,
        actor: { id: change.actor.id, name: change.actor.name, roles: [...change.actor.roles] },
        action: change.action,
        ...(change.reason !== undefined && { reason: change.reason }),
        ...(change.before !== undefined && { before: change.before }),
        ...(change.after !== undefined && { after: change.after }),
        ...(change.drillRunId !== undefined && { drill_run_id: change.drillRunId }),
        prev_hash: head.hash,
      });
      const result = await this.log.create(entry);
      if (result.created) {
        await this.anchors.advance(chain, { seq: entry.seq, hash: entry.hash });
        return entry;
      }
      head = await this.probeForward(chain, { seq: result.existing.seq, hash: result.existing.hash });
    }
    throw new AuditAppendError(
      `could not append to audit chain ${chain} after ${MAX_APPEND_ATTEMPTS} attempts`,
    );
  }

  /** The chain's real head: from the anchor (or the search view), then forward by real-time reads. */
  private async headOf(chain: string): Promise<ChainAnchor> {
    const anchor = await this.anchors.get(chain);
    if (anchor) return this.probeForward(chain, anchor);
    const last = await this.log.lastIndexed(chain);
    return this.probeForward(
      chain,
      last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH },
    );
  }

  private async probeForward(chain: string, from: ChainAnchor): Promise<ChainAnchor> {
    let head = from;
    for (
      let next = await this.log.entryAt(chain, head.seq + 1);
      next;
      next = await this.log.entryAt(chain, head.seq + 1)
    ) {
      head = { seq: next.seq, hash: next.hash };
    }
    return head;
  }
}

export function chainOf(subject: { type: string; id: string }): string {
  return `${subject.type}:${subject.id}`;
}

export function toChangeMessage(entry: StoredAuditEntry): IncidentChangeV1 {
  return {
    change_id: entry.change_id,
    subject: { type: entry.subject.type as IncidentChangeV1['subject']['type'], id: entry.subject.id },
    ...(entry.incident_id !== undefined && { incident_id: entry.incident_id }),
    organization_id: entry.organization_id,
    at: entry.at,
    actor: { id: entry.actor.id, name: entry.actor.name, roles: [...entry.actor.roles] },
    action: entry.action,
    ...(entry.reason !== undefined && { reason: entry.reason }),
    ...(entry.before !== undefined && { before: entry.before }),
    ...(entry.after !== undefined && { after: entry.after }),
    chain: { seq: entry.seq, prev_hash: entry.prev_hash, hash: entry.hash },
    ...(entry.drill_run_id !== undefined && { drill: { run_id: entry.drill_run_id } }),
  };
}

export function toAuditEntry(entry: StoredAuditEntry): AuditEntry {
  return {
    changeId: entry.change_id,
    at: entry.at,
    seq: entry.seq,
    prevHash: entry.prev_hash,
    hash: entry.hash,
    subject: { type: entry.subject.type as AuditEntry['subject']['type'], id: entry.subject.id },
    ...(entry.incident_id !== undefined && { incidentId: entry.incident_id }),
    organizationId: entry.organization_id,
    actor: {
      id: entry.actor.id,
      name: entry.actor.name,
      roles: entry.actor.roles as AuditEntry['actor']['roles'],
    },
    action: entry.action,
    ...(entry.reason !== undefined && { reason: entry.reason }),
    ...(entry.before !== undefined && { before: entry.before }),
    ...(entry.after !== undefined && { after: entry.after }),
    ...(entry.drill_run_id !== undefined && { drillRunId: entry.drill_run_id }),
  };
}
