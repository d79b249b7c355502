import { inScope, type AgencyScope } from '@vigil/auth';
import { EMPTY, type Observable } from 'rxjs';
import type { AuditChange, AuditEntry } from '../../audit/application/audit-trail';
import { AuditTrail } from '../../audit/application/audit-trail';
import {
  AlertQueueRepository,
  type GroupCount,
  type Page,
  type ReceivedWrite,
} from '../application/alert-queue.repository';
import { QueueFeed, type QueueChange } from '../application/queue-feed';
import type { QueueAlert, Versioned } from '../domain/queue-alert';
import type { QueueItem } from '../domain/queue-item';

/**
 * The repository port in memory, for unit tests of the use cases: versions count writes, and the
 * scope rule is the repository's (agency scopes: their agencies, never SOC-only alerts).
 * Items and lists are the Elasticsearch adapter's business, tested against the real server.
 */
export class InMemoryAlertQueue extends AlertQueueRepository {
  readonly alerts = new Map<string, Versioned<QueueAlert>>();
  /** Writes that should lose a race: the alert is changed by "someone else" before ours lands. */
  readonly racers = new Map<string, (alert: QueueAlert) => QueueAlert>();

  seed(...alerts: QueueAlert[]): void {
    for (const alert of alerts) this.alerts.set(alert.alert.id, { value: alert, version: '0:1' });
  }

  insertReceived(alerts: readonly QueueAlert[]): Promise<ReceivedWrite> {
    let created = 0;
    for (const alert of alerts)
      if (!this.alerts.has(alert.alert.id)) {
        this.seed(alert);
        created++;
      }
    return Promise.resolve({ created, duplicates: alerts.length - created, failed: [] });
  }

  getAlert(id: string, scope: AgencyScope): Promise<Versioned<QueueAlert> | undefined> {
    const found = this.alerts.get(id);
    return Promise.resolve(found !== undefined && visible(found.value, scope) ? found : undefined);
  }

  getAlerts(ids: readonly string[], scope: AgencyScope): Promise<Versioned<QueueAlert>[]> {
    return Promise.resolve(
      ids.flatMap((id) => {
        const found = this.alerts.get(id);
        return found !== undefined && visible(found.value, scope) ? [found] : [];
      }),
    );
  }

  saveAlerts(changes: readonly { alert: QueueAlert; version: string }[]): Promise<(string | undefined)[]> {
    return Promise.resolve(changes.map(({ alert, version }) => this.saveOne(alert, version)));
  }

  private saveOne(alert: QueueAlert, version: string): string | undefined {
    const racer = this.racers.get(alert.alert.id);
    if (racer !== undefined) {
      this.racers.delete(alert.alert.id);
      const stored = this.alerts.get(alert.alert.id);
      if (stored)
        this.alerts.set(alert.alert.id, { value: racer(stored.value), version: bump(stored.version) });
    }
    const stored = this.alerts.get(alert.alert.id);
    if (stored?.version !== version) return undefined;
    const next = bump(version);
    this.alerts.set(alert.alert.id, { value: alert, version: next });
    return next;
  }

  alertsOfItem(): Promise<Versioned<QueueAlert>[]> {
    throw new Error('not used by these tests');
  }

  getItem(): Promise<Versioned<QueueItem> | undefined> {
    throw new Error('not used by these tests');
  }

  claimItem(): Promise<string | undefined> {
    throw new Error('not used by these tests');
  }

  refreshItems(): Promise<Versioned<QueueItem>[]> {
    return Promise.resolve([]);
  }

  listItems(): Promise<Page<Versioned<QueueItem>>> {
    throw new Error('not used by these tests');
  }

  listAlerts(): Promise<Page<Versioned<QueueAlert>>> {
    throw new Error('not used by these tests');
  }

  groups(): Promise<Page<GroupCount>> {
    throw new Error('not used by these tests');
  }
}

const bump = (version: string): string => {
  const [seq = '0', term = '1'] = version.split(':');
  return `${Number(seq) + 1}:${term}`;
};

function visible(alert: QueueAlert, scope: AgencyScope): boolean {
  if (scope.kind === 'all') return true;
  return alert.alert.scope !== 'soc' && inScope(scope, alert.alert.organization.id);
}

/** The audit port recording what it is given. */
export class RecordingAuditTrail extends AuditTrail {
  readonly changes: AuditChange[] = [];

  record(changes: readonly AuditChange[]): Promise<readonly AuditEntry[]> {
    this.changes.push(...changes);
    return Promise.resolve(
      changes.map((change, index) => ({
        ...change,
        changeId: `change-${this.changes.length + index}`,
        at: new Date().toISOString(),
        seq: 1,
        prevHash: '0'.repeat(64),
        hash: '1'.repeat(64),
      })),
    );
  }
}

export class RecordingQueueFeed extends QueueFeed {
  readonly published: QueueChange[] = [];

  publish(changes: readonly QueueChange[]): Promise<void> {
    this.published.push(...changes);
    return Promise.resolve();
  }

  changes(): Observable<QueueChange> {
    return EMPTY;
  }
}
