import { loadWorkflow, workflowDirectory } from './workflow-data.loader';
import {
  checkTransition,
  nextStates,
  workflowProblems,
  type TransitionSubject,
  type Workflow,
} from '../domain/workflow';
import path from 'node:path';

// The shipped workflow (apps/incidents/workflow/workflow.yml): what DESIGN.md asks of it.
const workflow = loadWorkflow(path.join(workflowDirectory('default'), 'workflow.yml'));
const at = (state: string, more: Partial<TransitionSubject> = {}): TransitionSubject => ({ state, ...more });

describe('the shipped workflow', () => {
  it('walks from received to closed through DESIGN.md states', () => {
    const path: string[] = [workflow.initial];
    const forward: Record<string, string> = {
      received: 'acknowledged',
      acknowledged: 'verifying',
      verifying: 'initial-response',
      'initial-response': 'containment',
      containment: 'recovery',
      recovery: 'checking',
      checking: 'final-report',
      'final-report': 'closed',
    };
    for (let state = workflow.initial; forward[state]; state = forward[state]) {
      expect(nextStates(workflow, state)).toContain(forward[state]);
      path.push(forward[state]);
    }
    expect(path).toHaveLength(9);
    expect(nextStates(workflow, 'closed')).toEqual([]);
  });

  it('lets analysts acknowledge but only responders contain', () => {
    expect(checkTransition(workflow, at('received'), { to: 'acknowledged' }, ['analyst']).ok).toBe(true);
    expect(checkTransition(workflow, at('initial-response'), { to: 'containment' }, ['analyst'])).toEqual({
      ok: false,
      problem: 'role',
      roles: ['responder', 'admin'],
    });
    expect(checkTransition(workflow, at('received'), { to: 'acknowledged' }, ['agency']).ok).toBe(false);
  });

  it('refuses a jump the workflow does not draw, naming where one can go', () => {
    expect(checkTransition(workflow, at('received'), { to: 'closed' }, ['admin'])).toEqual({
      ok: false,
      problem: 'no-transition',
      allowed: ['acknowledged', 'not-an-incident', 'duplicate'],
    });
  });

  it('closes only with a final report and a root cause', () => {
    const check = (subject: TransitionSubject, rootCause?: string) =>
      checkTransition(workflow, subject, { to: 'closed', rootCause }, ['responder']);
    expect(check(at('final-report'))).toEqual({
      ok: false,
      problem: 'requirements',
      missing: ['final_report', 'root_cause'],
    });
    expect(check(at('final-report', { finalReport: { reference: 'r' } }))).toMatchObject({
      missing: ['root_cause'],
    });
    expect(check(at('final-report', { finalReport: { reference: 'r' } }), 'weak password').ok).toBe(true);
    expect(
      check(at('final-report', { finalReport: { reference: 'r' }, rootCause: 'unpatched CMS' })).ok,
    ).toBe(true);
  });

  it('needs a reason to leave as not an incident, and a reason and the original for a duplicate', () => {
    expect(
      checkTransition(workflow, at('verifying'), { to: 'not-an-incident', reason: ' ' }, ['analyst']),
    ).toMatchObject({
      missing: ['reason'],
    });
    expect(
      checkTransition(workflow, at('acknowledged'), { to: 'not-an-incident', reason: 'scanner of our own' }, [
        'analyst',
      ]).ok,
    ).toBe(true);
    expect(
      checkTransition(workflow, at('received'), { to: 'duplicate', reason: 'same attack' }, ['analyst']),
    ).toMatchObject({
      missing: ['duplicate_of'],
    });
  });

  it('classifies (and so instantiates playbooks) only with a category', () => {
    expect(
      checkTransition(workflow, at('verifying'), { to: 'initial-response' }, ['responder']),
    ).toMatchObject({
      missing: ['category'],
    });
    const ok = checkTransition(
      workflow,
      at('verifying', { category: 'intrusion' }),
      { to: 'initial-response' },
      ['responder'],
    );
    expect(ok.ok && ok.transition.classifies).toBe(true);
  });
});

describe('workflowProblems', () => {
  it('names unknown and terminal states used by transitions', () => {
    const broken: Workflow = {
      initial: 'start',
      states: [
        { id: 'open', vi: 'm', en: 'open', terminal: false },
        { id: 'done', vi: 'x', en: 'done', terminal: true },
      ],
      transitions: [
        { from: ['open'], to: 'nowhere', roles: ['admin'], requires: [], stamps: [], classifies: false },
        { from: ['done'], to: 'open', roles: ['admin'], requires: [], stamps: [], classifies: false },
      ],
    };
    expect(workflowProblems(broken)).toEqual([
      'initial: "start" is not a state',
      'transitions[0].to: "nowhere" is not a state',
      'transitions[1].from: "done" is terminal; nothing may leave it',
    ]);
  });
});
