import { ALL_AGENCIES, type Principal, type Role } from '@vigil/auth';
import { loadWorkflowData, workflowDirectory } from '../../workflow/infrastructure/workflow-data.loader';
import { newIncident } from '../domain/new-incident';
import { IncidentsError } from '../domain/incidents.error';
import { InMemoryIncidentRepository, person, RecordingAuditTrail } from '../test/in-memory-incidents';
import { IncidentChanges } from './incident-changes';
import { TransitionIncidentUseCase } from './transition-incident.use-case';

const data = loadWorkflowData(workflowDirectory('default'));
const principal = (roles: Role[]): Principal => ({
  id: 'p1',
  name: 'P One',
  roles,
  scope: ALL_AGENCIES,
  method: 'access-token',
});

async function setup(state: string, category?: 'intrusion') {
  const repository = new InMemoryIncidentRepository();
  const audit = new RecordingAuditTrail();
  await repository.create({
    ...newIncident({
      id: 'INC-2026-000001',
      title: 't',
      description: '',
      agencyId: 'so-a',
      source: 'agency',
      initialState: 'received',
      category,
      by: person('reporter'),
      at: new Date('2026-12-06T00:00:00.000Z'),
    }),
    state,
  });
  return {
    repository,
    audit,
    useCase: new TransitionIncidentUseCase(new IncidentChanges(repository, audit), data),
  };
}

const codeOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof IncidentsError ? [error.code, error.details] : error),
  );

describe('TransitionIncidentUseCase', () => {
  it('moves the incident and records who, why, and the state before and after', async () => {
    const { audit, useCase } = await setup('received');
    const moved = await useCase.execute(
      'INC-2026-000001',
      { version: 1, to: 'acknowledged' },
      principal(['analyst']),
    );
    expect(moved).toMatchObject({ state: 'acknowledged', version: 2 });
    expect(audit.changes).toEqual([
      expect.objectContaining({
        subject: { type: 'incident', id: 'INC-2026-000001' },
        organizationId: 'so-a',
        actor: { id: 'p1', name: 'P One', roles: ['analyst'] },
        action: 'transitioned',
        reason: 'received -> acknowledged',
        before: { state: 'received' },
        after: { state: 'acknowledged' },
      }),
    ]);
  });

  it('instantiates the category playbook when classified, once', async () => {
    const { repository, useCase } = await setup('verifying', 'intrusion');
    const classified = await useCase.execute(
      'INC-2026-000001',
      { version: 1, to: 'initial-response' },
      principal(['responder']),
    );
    const playbook = data.playbooks.get('intrusion');
    expect(classified.tasks.map((task) => task.title)).toEqual(playbook?.tasks.map((task) => task.title));
    expect(classified.playbooks).toEqual(['intrusion']);
    // Back through checking -> containment and forward again: no second set of tasks.
    const stored = repository.stored.get('INC-2026-000001');
    if (stored) repository.stored.set(stored.id, { ...stored, state: 'verifying' });
    const again = await useCase.execute(
      'INC-2026-000001',
      { version: 2, to: 'initial-response' },
      principal(['responder']),
    );
    expect(again.tasks).toHaveLength(classified.tasks.length);
  });

  it('refuses a role the transition does not name, a missing requirement and a stale version, writing nothing', async () => {
    const { audit, repository, useCase } = await setup('final-report');
    const id = 'INC-2026-000001';
    expect(await codeOf(useCase.execute(id, { version: 1, to: 'closed' }, principal(['analyst'])))).toEqual([
      'forbidden',
      {},
    ]);
    expect(await codeOf(useCase.execute(id, { version: 1, to: 'closed' }, principal(['responder'])))).toEqual(
      ['transition_requirements_unmet', { missing: ['final_report', 'root_cause'] }],
    );
    expect(await codeOf(useCase.execute(id, { version: 7, to: 'closed' }, principal(['responder'])))).toEqual(
      ['version_conflict', { current_version: 1 }],
    );
    expect(await codeOf(useCase.execute(id, { version: 1, to: 'received' }, principal(['admin'])))).toEqual([
      'transition_not_allowed',
      { field: 'to', allowed: ['closed'] },
    ]);
    expect(audit.changes).toEqual([]);
    expect(repository.stored.get(id)?.version).toBe(1);
  });

  it('records the reason of an early exit, and a duplicate must name a visible original', async () => {
    const { useCase } = await setup('received');
    expect(
      await codeOf(
        useCase.execute(
          'INC-2026-000001',
          { version: 1, to: 'duplicate', reason: 'same', duplicateOf: 'INC-2026-000999' },
          principal(['analyst']),
        ),
      ),
    ).toEqual([
      'invalid_request',
      { field: 'duplicate_of', reason: 'incident "INC-2026-000999" does not exist' },
    ]);
    const closed = await useCase.execute(
      'INC-2026-000001',
      { version: 1, to: 'not-an-incident', reason: 'our own vulnerability scanner' },
      principal(['analyst']),
    );
    expect(closed.resolution).toEqual({ state: 'not-an-incident', reason: 'our own vulnerability scanner' });
    expect(closed.times.closed).toBeDefined();
  });
});
