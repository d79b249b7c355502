import { agencyScopeOf, ALL_AGENCIES, type Principal } from '@vigil/auth';
import { AlertsError, AlertsErrorCode } from '../domain/alerts.error';
import { receivedAlert } from '../domain/queue-alert';
import { analyst, alertFactory, queueAlertFactory, socAlertFactory } from '../test/queue-alert.factory';
import { InMemoryAlertQueue, RecordingAuditTrail, RecordingQueueFeed } from '../test/in-memory-alert-queue';
import { AlertChanges } from './alert-changes';
import { BulkTriageUseCase } from './bulk-triage.use-case';
import { MarkAlertsEscalatedUseCase } from './mark-alerts-escalated.use-case';
import { TriageAlertUseCase } from './triage-alert.use-case';
import { TriageItemUseCase } from './triage-item.use-case';

const soc: Principal = { ...analyst, scope: ALL_AGENCIES, method: 'access-token' };

function setUp() {
  const repository = new InMemoryAlertQueue();
  const audit = new RecordingAuditTrail();
  const feed = new RecordingQueueFeed();
  const changes = new AlertChanges(repository, audit, feed);
  const triage = new TriageAlertUseCase(repository, changes);
  return { repository, audit, feed, changes, triage };
}

async function errorOf(promise: Promise<unknown>): Promise<AlertsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AlertsError) return error;
    throw error;
  }
  throw new Error('expected an AlertsError');
}

describe('TriageAlertUseCase', () => {
  it('changes the alert, records who did what with before and after, and tells the feed', async () => {
    const { repository, audit, feed, triage } = setUp();
    const queued = queueAlertFactory();
    repository.seed(queued);
    const changed = await triage.execute({
      alertId: queued.alert.id,
      action: { kind: 'close', closeReason: 'false-positive', reason: 'admin testing' },
      version: '0:1',
      principal: soc,
    });
    expect(changed.version).toBe('1:1');
    expect(changed.value.triage).toMatchObject({
      state: 'closed',
      closeReason: 'false-positive',
      changedBy: analyst,
    });
    expect(audit.changes).toEqual([
      {
        subject: { type: 'alert', id: queued.alert.id },
        organizationId: 'so-tttt',
        actor: analyst,
        action: 'closed',
        reason: 'admin testing',
        before: { state: 'new', assignee_id: null },
        after: { state: 'closed', close_reason: 'false-positive', assignee_id: null },
      },
    ]);
    expect(feed.published).toEqual([
      expect.objectContaining({
        type: 'alert',
        id: queued.alert.id,
        action: 'closed',
        state: 'closed',
        version: '1:1',
      }),
    ]);
  });

  it('answers a stale version with a 409 naming the current one, and writes and records nothing', async () => {
    const { repository, audit, triage } = setUp();
    const queued = queueAlertFactory();
    repository.seed(queued);
    await triage.execute({
      alertId: queued.alert.id,
      action: { kind: 'acknowledge' },
      version: '0:1',
      principal: soc,
    });
    const error = await errorOf(
      triage.execute({
        alertId: queued.alert.id,
        action: { kind: 'assign', assigneeId: 'user-x' },
        version: '0:1',
        principal: soc,
      }),
    );
    expect(error.code).toBe(AlertsErrorCode.ConcurrentChange);
    expect(error.details).toEqual({ current_version: '1:1' });
    expect(repository.alerts.get(queued.alert.id)?.value.assignment).toBeUndefined();
    expect(audit.changes.map((change) => change.action)).toEqual(['acknowledged']);
  });

  it('loses a race it did not know of with a 409 when it named a version, and retries when it did not', async () => {
    const { repository, triage } = setUp();
    const named = queueAlertFactory();
    const unnamed = queueAlertFactory();
    repository.seed(named, unnamed);
    const assignElsewhere = (alert: typeof named) => ({
      ...alert,
      assignment: { assigneeId: 'user-other', assignedAt: '2026-11-27T03:30:00.000Z', assignedBy: analyst },
    });
    repository.racers.set(named.alert.id, assignElsewhere);
    repository.racers.set(unnamed.alert.id, assignElsewhere);
    const error = await errorOf(
      triage.execute({
        alertId: named.alert.id,
        action: { kind: 'acknowledge' },
        version: '0:1',
        principal: soc,
      }),
    );
    expect(error.code).toBe(AlertsErrorCode.ConcurrentChange);
    const retried = await triage.execute({
      alertId: unnamed.alert.id,
      action: { kind: 'acknowledge' },
      principal: soc,
    });
    // the other writer's assignment is kept: nothing is lost
    expect(retried.value.triage.state).toBe('acknowledged');
    expect(retried.value.assignment?.assigneeId).toBe('user-other');
  });

  it('does not find alerts of other agencies, nor SOC-only alerts, for an agency scope', async () => {
    const { repository, triage } = setUp();
    const other = queueAlertFactory({ organization: { id: 'so-yte' }, agencies: ['so-yte'] });
    const socOnly = receivedAlert(socAlertFactory(), new Date());
    repository.seed(other, socOnly);
    const agencyAnalyst: Principal = { ...soc, scope: agencyScopeOf(['so-tttt']) };
    for (const alert of [other, socOnly]) {
      const error = await errorOf(
        triage.execute({
          alertId: alert.alert.id,
          action: { kind: 'acknowledge' },
          principal: agencyAnalyst,
        }),
      );
      expect(error.code).toBe(AlertsErrorCode.AlertNotFound);
    }
  });
});

describe('BulkTriageUseCase', () => {
  it('reports each target on its own: changed, stale, not found, not allowed', async () => {
    const { repository, changes, triage } = setUp();
    const fresh = queueAlertFactory();
    const stale = queueAlertFactory();
    const escalated = queueAlertFactory();
    repository.seed(fresh, stale, escalated);
    await new MarkAlertsEscalatedUseCase(repository, changes).execute({
      alertIds: [escalated.alert.id],
      incidentId: 'INC-1',
      organizationId: 'so-tttt',
      actor: analyst,
    });
    const bulk = new BulkTriageUseCase(triage, new TriageItemUseCase(repository, changes));
    const results = await bulk.execute(
      [
        { type: 'alert', id: fresh.alert.id },
        { type: 'alert', id: stale.alert.id, version: '7:1' },
        { type: 'alert', id: 'no-such-alert' },
        { type: 'alert', id: escalated.alert.id },
      ],
      { kind: 'close', closeReason: 'benign', reason: 'vulnerability scanner' },
      soc,
    );
    expect(
      results.map((result) => [result.id, result.status, 'error' in result ? result.error : undefined]),
    ).toEqual([
      [fresh.alert.id, 'ok', undefined],
      [stale.alert.id, 'error', 'concurrent_change'],
      ['no-such-alert', 'error', 'alert_not_found'],
      [escalated.alert.id, 'error', 'invalid_transition'],
    ]);
    expect(repository.alerts.get(fresh.alert.id)?.value.triage.state).toBe('closed');
    expect(repository.alerts.get(stale.alert.id)?.value.triage.state).toBe('new');
  });
});

describe('MarkAlertsEscalatedUseCase', () => {
  it('refuses the whole call when one alert is of another agency, writing nothing', async () => {
    const { repository, changes, audit } = setUp();
    const own = queueAlertFactory();
    const foreign = queueAlertFactory({ organization: { id: 'so-yte' } });
    repository.seed(own, foreign);
    const error = await errorOf(
      new MarkAlertsEscalatedUseCase(repository, changes).execute({
        alertIds: [own.alert.id, foreign.alert.id],
        incidentId: 'INC-9',
        organizationId: 'so-tttt',
        actor: analyst,
      }),
    );
    expect(error.code).toBe(AlertsErrorCode.AgencyMismatch);
    expect(error.details).toEqual({ alert_ids: [foreign.alert.id] });
    expect(repository.alerts.get(own.alert.id)?.value.triage.state).toBe('new');
    expect(audit.changes).toEqual([]);
  });

  it('escalates SOC-only alerts only into SOC incidents, and names missing alerts', async () => {
    const { repository, changes } = setUp();
    const socOnly = receivedAlert(socAlertFactory(), new Date());
    repository.seed(socOnly);
    const escalate = new MarkAlertsEscalatedUseCase(repository, changes);
    expect(
      (
        await errorOf(
          escalate.execute({
            alertIds: [socOnly.alert.id],
            incidentId: 'INC-3',
            organizationId: 'so-tttt',
            actor: analyst,
          }),
        )
      ).code,
    ).toBe(AlertsErrorCode.AgencyMismatch);
    const missing = await errorOf(
      escalate.execute({
        alertIds: [alertFactory().id],
        incidentId: 'INC-3',
        organizationId: 'so-tttt',
        actor: analyst,
      }),
    );
    expect(missing.code).toBe(AlertsErrorCode.AlertNotFound);
    const [escalated] = await escalate.execute({
      alertIds: [socOnly.alert.id],
      incidentId: 'INC-4',
      organizationId: '*',
      actor: analyst,
    });
    expect(escalated.value.triage).toMatchObject({ state: 'escalated', incidentId: 'INC-4' });
  });
});
