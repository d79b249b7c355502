import { ALL_AGENCIES, type Principal } from '@vigil/auth';
import { exampleAlertV1, type AlertV1 } from '@vigil/contracts';
import { loadWorkflowData, workflowDirectory } from '../../workflow/infrastructure/workflow-data.loader';
import { IncidentsError } from '../domain/incidents.error';
import {
  CountingIncidentIds,
  FakeAlertEscalation,
  InMemoryIncidentRepository,
  InMemorySystemDirectory,
  RecordingAuditTrail,
} from '../test/in-memory-incidents';
import { AffectedSystems } from './affected-systems';
import { EscalateAlertsUseCase } from './escalate-alerts.use-case';

const data = loadWorkflowData(workflowDirectory('default'));
const analyst: Principal = {
  id: 'an',
  name: 'An',
  roles: ['analyst'],
  scope: ALL_AGENCIES,
  method: 'access-token',
};
const staff: Principal = {
  id: 'st',
  name: 'St',
  roles: ['agency'],
  scope: { kind: 'agencies', agencies: ['so-tttt'] },
  method: 'access-token',
};

function setup() {
  const repository = new InMemoryIncidentRepository();
  const audit = new RecordingAuditTrail();
  const queue = new FakeAlertEscalation();
  const directory = new InMemorySystemDirectory();
  const useCase = new EscalateAlertsUseCase(
    queue,
    repository,
    new CountingIncidentIds(),
    new AffectedSystems(directory),
    audit,
    data,
  );
  return { repository, audit, queue, directory, useCase };
}

const alert = (id: string, overrides: Partial<AlertV1> = {}): AlertV1 => ({
  ...exampleAlertV1(),
  id,
  ...overrides,
});
const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof IncidentsError ? `${error.code}: ${error.message}` : error),
  );

describe('EscalateAlertsUseCase', () => {
  it('marks an incident of drill alerts as a drill, and refuses to mix drill and real alerts', async () => {
    const { queue, audit, useCase } = setup();
    queue.add(alert('d1', { drill: { run_id: 'run-7' } }));
    queue.add(alert('d2', { drill: { run_id: 'run-7' } }));
    queue.add(alert('r1'));
    expect(await failure(useCase.execute({ alertIds: ['d1', 'r1'] }, analyst))).toBe(
      'invalid_request: alert_ids: drill alerts and real alerts cannot share an incident',
    );
    const incident = await useCase.execute({ alertIds: ['d1', 'd2'] }, analyst);
    expect(incident).toMatchObject({ drillRunId: 'run-7', agencyId: 'so-tttt', source: 'alerts' });
    expect(audit.changes).toEqual([expect.objectContaining({ action: 'created', drillRunId: 'run-7' })]);
  });

  it('takes priority and legal class from the directory systems it names', async () => {
    const { directory, queue, useCase } = setup();
    await directory.apply({
      id: 'so-tttt/portal',
      agencyId: 'so-tttt',
      name: 'Portal',
      securityLevel: 5,
      critical: false,
      hostnames: ['web01'],
      version: 1,
      deleted: false,
    });
    queue.add(alert('a1'));
    const incident = await useCase.execute(
      { alertIds: ['a1'], systemIds: ['so-tttt/portal'], impacts: ['spreading'] },
      analyst,
    );
    expect(incident).toMatchObject({ priority: 'P1', legalClass: 'serious' });
    // Named by none, the system is still found from the alerts' host (web01).
    queue.add(alert('a2'));
    const inferred = await useCase.execute({ alertIds: ['a2'], impacts: ['outage'] }, analyst);
    expect(inferred.systems.map((system) => system.id)).toEqual(['so-tttt/portal']);
    expect(inferred).toMatchObject({ priority: 'P1', legalClass: 'serious' });
  });

  it('leaves no half-made incident when the queue refuses the marking', async () => {
    const { queue, repository, useCase } = setup();
    queue.add(alert('a1'));
    queue.markEscalated = () => Promise.reject(IncidentsError.invalid('alert_ids', 'closed meanwhile'));
    expect(await failure(useCase.execute({ alertIds: ['a1'] }, analyst))).toBe(
      'invalid_request: alert_ids: closed meanwhile',
    );
    const [stored] = [...repository.stored.values()];
    expect(stored.dissolved?.reason).toBe('escalation failed');
    expect((await repository.list({ from: 0, size: 10 }, ALL_AGENCIES)).incidents).toEqual([]);
  });

  it('is not for agency staff, and names alerts out of scope as not found', async () => {
    const { queue, useCase } = setup();
    queue.add(alert('b1', { organization: { id: 'so-yte' } }));
    expect(await failure(useCase.execute({ alertIds: ['b1'] }, staff))).toMatch(/^forbidden: /);
    const scoped: Principal = { ...analyst, scope: { kind: 'agencies', agencies: ['so-tttt'] } };
    expect(await failure(useCase.execute({ alertIds: ['b1'] }, scoped))).toBe(
      'alert_not_found: alerts not found: b1',
    );
  });
});
