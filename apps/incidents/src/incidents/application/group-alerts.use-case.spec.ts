import { exampleAlertV1, type AlertV1 } from '@vigil/contracts';
import { loadWorkflowData, workflowDirectory } from '../../workflow/infrastructure/workflow-data.loader';
import type { Incident } from '../domain/incident';
import {
  CountingIncidentIds,
  FakeAlertEscalation,
  ImmediateGroupingLock,
  InMemoryIncidentRepository,
  InMemorySystemDirectory,
  RecordingAuditTrail,
} from '../test/in-memory-incidents';
import { AffectedSystems } from './affected-systems';
import { AlertNotInQueueYet } from './alert-escalation';
import { GroupAlertsUseCase, QUEUE_WAIT_ATTEMPTS } from './group-alerts.use-case';
import { IncidentChanges } from './incident-changes';

const BRUTEFORCE = '89ee5d25-dfbb-41af-853f-18e06040aa57';
const data = loadWorkflowData(workflowDirectory('default'));

function setup() {
  const repository = new InMemoryIncidentRepository();
  const audit = new RecordingAuditTrail();
  const queue = new FakeAlertEscalation();
  const directory = new InMemorySystemDirectory();
  const useCase = new GroupAlertsUseCase(
    repository,
    new IncidentChanges(repository, audit),
    new CountingIncidentIds(),
    new ImmediateGroupingLock(),
    queue,
    new AffectedSystems(directory),
    audit,
    data,
  );
  return { repository, audit, queue, directory, useCase };
}

let n = 0;
const alert = (minute: number, host = 'web01', rule = BRUTEFORCE): AlertV1 => {
  n += 1;
  const at = new Date(Date.UTC(2026, 11, 6, 8, minute)).toISOString();
  return {
    ...exampleAlertV1(),
    id: `alert-${n}`,
    '@timestamp': at,
    raised_at: at,
    rule: { ...exampleAlertV1().rule, id: rule },
    host: { name: host },
  };
};
const only = (repository: InMemoryIncidentRepository): Incident[] => [...repository.stored.values()];

describe('GroupAlertsUseCase', () => {
  it('opens an incident for the first alert, joins the next within the window, and records why', async () => {
    const { repository, audit, queue, useCase } = setup();
    const first = alert(0);
    const second = alert(20);
    expect(await useCase.execute(first)).toBe('created');
    expect(await useCase.execute(second)).toBe('joined');
    const [incident] = only(repository);
    expect(only(repository)).toHaveLength(1);
    expect(incident).toMatchObject({
      source: 'grouping',
      title: 'SSH attack on web01',
      category: 'intrusion',
      version: 2,
    });
    expect(incident.linkedAlerts.map((link) => link.grouping?.matched)).toEqual([
      { 'host.name': 'web01' },
      { 'host.name': 'web01' },
    ]);
    expect(audit.changes.map((change) => [change.action, change.actor.id])).toEqual([
      ['created', 'service:incidents'],
      ['alert-grouped', 'service:incidents'],
    ]);
    expect(audit.changes[1].reason).toContain('"ssh-attack-on-one-host" (host.name=web01)');
    expect(queue.marked.map((mark) => [mark.alertIds, mark.incidentId])).toEqual([
      [[first.id], incident.id],
      [[second.id], incident.id],
    ]);
  });

  it("attaches the host's information system from the directory, so the priority follows", async () => {
    const { directory, repository, useCase } = setup();
    await directory.apply({
      id: 'so-tttt/web',
      agencyId: 'so-tttt',
      name: 'Web',
      securityLevel: 3,
      critical: false,
      hostnames: ['web01'],
      version: 1,
      deleted: false,
    });
    await useCase.execute(alert(0));
    expect(only(repository)[0]).toMatchObject({
      systems: [{ id: 'so-tttt/web', name: 'Web', securityLevel: 3, critical: false }],
      priority: 'P2',
    });
  });

  it('opens a second incident past the window, for another host, and leaves other rules alone', async () => {
    const { repository, useCase } = setup();
    await useCase.execute(alert(0));
    expect(await useCase.execute(alert(45))).toBe('created');
    expect(await useCase.execute(alert(1, 'web02'))).toBe('created');
    expect(await useCase.execute(alert(1, 'web01', 'another-rule'))).toBe('ungrouped');
    expect(only(repository)).toHaveLength(3);
  });

  it('does nothing twice under redelivery, but marks the alert escalated again', async () => {
    const { repository, audit, queue, useCase } = setup();
    const first = alert(0);
    await useCase.execute(first);
    expect(await useCase.execute(first)).toBe('already');
    expect(only(repository)[0].linkedAlerts).toHaveLength(1);
    expect(audit.changes).toHaveLength(1);
    expect(queue.marked).toHaveLength(2);
  });

  it('keeps the link when the queue has not stored the alert yet, and marks it on redelivery', async () => {
    const { repository, queue, useCase } = setup();
    const first = alert(0);
    queue.notYetQueued.add(first.id);
    await expect(useCase.execute(first)).rejects.toBeInstanceOf(AlertNotInQueueYet);
    expect(only(repository)[0].linkedAlerts).toHaveLength(1);
    queue.notYetQueued.clear();
    expect(await useCase.execute(first)).toBe('already');
    expect(queue.marked.map((mark) => mark.alertIds)).toEqual([[first.id]]);
  });

  it('stops waiting for an alert the queue never stores, keeping the link', async () => {
    const { repository, queue, useCase } = setup();
    const lost = alert(0);
    queue.notYetQueued.add(lost.id);
    for (let attempt = 1; attempt < QUEUE_WAIT_ATTEMPTS; attempt++)
      await expect(useCase.execute(lost)).rejects.toBeInstanceOf(AlertNotInQueueYet);
    expect(await useCase.execute(lost)).toBe('already');
    expect(only(repository)[0].linkedAlerts.map((link) => link.id)).toEqual([lost.id]);
    expect(queue.marked).toEqual([]);
  });

  it('never regroups a released alert, nor joins a dissolved or closed incident', async () => {
    const { repository, useCase } = setup();
    const first = alert(0);
    await useCase.execute(first);
    const incident = only(repository)[0];
    repository.stored.set(incident.id, { ...incident, linkedAlerts: [], releasedAlertIds: [first.id] });
    expect(await useCase.execute(first)).toBe('already');
    expect(only(repository)).toHaveLength(1);
    // The workflow closed it: the next alert opens a new incident rather than reopen it.
    repository.stored.set(incident.id, { ...incident, state: 'not-an-incident' });
    expect(await useCase.execute(alert(5))).toBe('created');
    expect(only(repository)).toHaveLength(2);
  });

  it('keeps a drill run apart from real traffic and marks its incident drill', async () => {
    const { repository, useCase } = setup();
    await useCase.execute(alert(0));
    expect(await useCase.execute({ ...alert(1), drill: { run_id: 'run-3' } })).toBe('created');
    expect(only(repository).map((incident) => incident.drillRunId)).toEqual([undefined, 'run-3']);
  });

  it("decides again on the fresh incident when a person's edit wins the race", async () => {
    const { repository, useCase } = setup();
    await useCase.execute(alert(0));
    let raced = false;
    repository.beforeReplace = (next) => {
      if (raced) return;
      raced = true;
      const stored = repository.stored.get(next.id);
      if (stored)
        repository.stored.set(next.id, {
          ...stored,
          version: stored.version + 1,
          title: 'renamed by a person',
        });
    };
    expect(await useCase.execute(alert(10))).toBe('joined');
    const [incident] = only(repository);
    expect(incident).toMatchObject({ title: 'renamed by a person', version: 3 });
    expect(incident.linkedAlerts).toHaveLength(2);
  });
});
