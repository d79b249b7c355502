import { ALL_AGENCIES, type Principal } from '@vigil/auth';
import { alertFactory, analyst } from '../test/queue-alert.factory';
import { InMemoryAlertQueue, RecordingAuditTrail, RecordingQueueFeed } from '../test/in-memory-alert-queue';
import { AlertChanges } from './alert-changes';
import { ReceiveAlertsUseCase } from './receive-alerts.use-case';
import { TriageAlertUseCase } from './triage-alert.use-case';

const soc: Principal = { ...analyst, scope: ALL_AGENCIES, method: 'access-token' };

function setUp() {
  const repository = new InMemoryAlertQueue();
  const feed = new RecordingQueueFeed();
  const changes = new AlertChanges(repository, new RecordingAuditTrail(), feed);
  return {
    repository,
    feed,
    receive: new ReceiveAlertsUseCase(repository, changes),
    triage: new TriageAlertUseCase(repository, changes),
  };
}

describe('ReceiveAlertsUseCase', () => {
  it('stores a redelivered alert once and leaves its triage alone', async () => {
    const { repository, receive, triage } = setUp();
    const alert = alertFactory();
    await receive.execute([alert, alert]);
    await triage.execute({
      alertId: alert.id,
      action: { kind: 'acknowledge', reason: 'mine' },
      principal: soc,
    });
    await receive.execute([alert]);
    expect(repository.alerts.size).toBe(1);
    expect(repository.alerts.get(alert.id)?.value.triage).toMatchObject({
      state: 'acknowledged',
      reason: 'mine',
    });
  });

  it('takes the count and raise time of repeats detection folded into an alert, keeping its triage', async () => {
    const { repository, receive, triage } = setUp();
    const alert = alertFactory({ raised_at: '2026-11-27T03:00:00.000Z', count: 1 });
    await receive.execute([alert]);
    await triage.execute({
      alertId: alert.id,
      action: { kind: 'assign', assigneeId: 'user-b' },
      principal: soc,
    });
    const repeat = {
      ...alert,
      raised_at: '2026-11-27T03:30:00.000Z',
      count: 7,
      last_seen_at: '2026-11-27T03:29:59.000Z',
    };
    const older = { ...alert, raised_at: '2026-11-27T03:10:00.000Z', count: 3 };
    await receive.execute([repeat]);
    await receive.execute([older]); // out of order: must not move anything back
    const stored = repository.alerts.get(alert.id)?.value;
    expect(stored?.alert.count).toBe(7);
    expect(stored?.alert.last_seen_at).toBe('2026-11-27T03:29:59.000Z');
    expect(stored?.lastRaisedAt).toBe('2026-11-27T03:30:00.000Z');
    expect(stored?.alert.raised_at).toBe('2026-11-27T03:00:00.000Z');
    expect(stored?.assignment?.assigneeId).toBe('user-b');
  });

  it('retries a repeat that lost a race with a triage write, so neither is lost', async () => {
    const { repository, receive } = setUp();
    const alert = alertFactory({ count: 1 });
    await receive.execute([alert]);
    repository.racers.set(alert.id, (stored) => ({
      ...stored,
      triage: {
        state: 'closed',
        changedAt: '2026-11-27T04:00:00.000Z',
        closeReason: 'benign',
        reason: 'scanner',
      },
    }));
    await receive.execute([{ ...alert, count: 4 }]);
    const stored = repository.alerts.get(alert.id)?.value;
    expect(stored?.alert.count).toBe(4);
    expect(stored?.triage.state).toBe('closed');
  });
});
