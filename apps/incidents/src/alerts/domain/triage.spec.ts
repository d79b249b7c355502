import { AlertsError, AlertsErrorCode } from './alerts.error';
import {
  applyTriage,
  statesActedOn,
  triageSnapshot,
  type TriageAction,
  type TriageState,
  type TriageSubject,
} from './triage';
import { analyst } from '../test/queue-alert.factory';

const NOW = new Date('2026-11-27T04:00:00.000Z');

const inState = (state: TriageState, extra: Partial<TriageSubject['triage']> = {}): TriageSubject => ({
  triage: { state, changedAt: '2026-11-27T03:13:00.000Z', ...extra },
});

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof AlertsError) return error.code;
    throw error;
  }
};

describe('triage rules', () => {
  it('acknowledges a new alert, naming who, when and why', () => {
    const outcome = applyTriage(inState('new'), { kind: 'acknowledge', reason: 'looking' }, analyst, NOW);
    expect(outcome).toEqual({
      changed: true,
      after: {
        triage: {
          state: 'acknowledged',
          reason: 'looking',
          changedAt: NOW.toISOString(),
          changedBy: analyst,
        },
      },
    });
  });

  it('treats acknowledging again, closing again and escalating to the same incident as no change', () => {
    expect(applyTriage(inState('acknowledged'), { kind: 'acknowledge' }, analyst, NOW).changed).toBe(false);
    expect(
      applyTriage(
        inState('closed'),
        { kind: 'close', closeReason: 'benign', reason: 'scanner' },
        analyst,
        NOW,
      ).changed,
    ).toBe(false);
    expect(
      applyTriage(
        inState('escalated', { incidentId: 'INC-1' }),
        { kind: 'escalate', incidentId: 'INC-1' },
        analyst,
        NOW,
      ).changed,
    ).toBe(false);
  });

  it.each<[TriageState, TriageAction]>([
    ['closed', { kind: 'acknowledge' }],
    ['escalated', { kind: 'acknowledge' }],
    ['escalated', { kind: 'close', closeReason: 'false-positive', reason: 'x' }],
    ['closed', { kind: 'assign', assigneeId: 'someone' }],
    ['escalated', { kind: 'assign', assigneeId: 'someone' }],
    ['new', { kind: 'reopen', reason: 'mistake' }],
    ['acknowledged', { kind: 'reopen', reason: 'mistake' }],
    ['closed', { kind: 'escalate', incidentId: 'INC-2' }],
  ])('refuses from %s: %j', (state, action) => {
    expect(codeOf(() => applyTriage(inState(state), action, analyst, NOW))).toBe(
      AlertsErrorCode.InvalidTransition,
    );
  });

  it('refuses to move an alert escalated to one incident into another', () => {
    const error = (() => {
      try {
        applyTriage(
          inState('escalated', { incidentId: 'INC-1' }),
          { kind: 'escalate', incidentId: 'INC-2' },
          analyst,
          NOW,
        );
      } catch (caught) {
        return caught as AlertsError;
      }
      return undefined;
    })();
    expect(error?.code).toBe(AlertsErrorCode.InvalidTransition);
    expect(error?.details).toEqual({ state: 'escalated', incident_id: 'INC-1' });
  });

  it('needs a reason to close and to reopen, and bounds its length', () => {
    expect(
      codeOf(() =>
        applyTriage(inState('new'), { kind: 'close', closeReason: 'benign', reason: '  ' }, analyst, NOW),
      ),
    ).toBe(AlertsErrorCode.InvalidRequest);
    expect(codeOf(() => applyTriage(inState('closed'), { kind: 'reopen', reason: '' }, analyst, NOW))).toBe(
      AlertsErrorCode.InvalidRequest,
    );
    expect(
      codeOf(() =>
        applyTriage(inState('new'), { kind: 'acknowledge', reason: 'x'.repeat(2001) }, analyst, NOW),
      ),
    ).toBe(AlertsErrorCode.InvalidRequest);
  });

  it('closes with the kind of close and reopens a closed alert as acknowledged', () => {
    const closed = applyTriage(
      inState('acknowledged'),
      { kind: 'close', closeReason: 'duplicate', reason: 'same as yesterday' },
      analyst,
      NOW,
    );
    if (!closed.changed) throw new Error('expected a change');
    expect(triageSnapshot(closed.after)).toEqual({
      state: 'closed',
      close_reason: 'duplicate',
      assignee_id: null,
    });
    const reopened = applyTriage(closed.after, { kind: 'reopen', reason: 'not a duplicate' }, analyst, NOW);
    if (!reopened.changed) throw new Error('expected a change');
    expect(reopened.after.triage).toMatchObject({ state: 'acknowledged', reason: 'not a duplicate' });
    expect(reopened.after.triage.closeReason).toBeUndefined();
  });

  it('escalates new and acknowledged alerts, holding the incident id', () => {
    for (const state of ['new', 'acknowledged'] as const) {
      const outcome = applyTriage(inState(state), { kind: 'escalate', incidentId: 'INC-7' }, analyst, NOW);
      if (!outcome.changed) throw new Error('expected a change');
      expect(outcome.after.triage).toMatchObject({
        state: 'escalated',
        incidentId: 'INC-7',
        changedBy: analyst,
      });
    }
  });

  it('assigns and unassigns without touching the triage state, and keeps the assignment across state changes', () => {
    const assigned = applyTriage(inState('new'), { kind: 'assign', assigneeId: 'user-b' }, analyst, NOW);
    if (!assigned.changed) throw new Error('expected a change');
    expect(assigned.after.triage.state).toBe('new');
    expect(assigned.after.assignment).toEqual({
      assigneeId: 'user-b',
      assignedAt: NOW.toISOString(),
      assignedBy: analyst,
    });
    expect(applyTriage(assigned.after, { kind: 'assign', assigneeId: 'user-b' }, analyst, NOW).changed).toBe(
      false,
    );
    const acknowledged = applyTriage(assigned.after, { kind: 'acknowledge' }, analyst, NOW);
    if (!acknowledged.changed) throw new Error('expected a change');
    expect(acknowledged.after.assignment?.assigneeId).toBe('user-b');
    const unassigned = applyTriage(assigned.after, { kind: 'assign', assigneeId: null }, analyst, NOW);
    if (!unassigned.changed) throw new Error('expected a change');
    expect(unassigned.after.assignment).toBeUndefined();
  });

  it('acts on an item only through the alerts an action can change, so a large item is worked through in calls', () => {
    const actions: TriageAction[] = [
      { kind: 'acknowledge' },
      { kind: 'assign', assigneeId: 'x' },
      { kind: 'close', closeReason: 'benign', reason: 'r' },
      { kind: 'reopen', reason: 'r' },
      { kind: 'escalate', incidentId: 'INC-1' },
    ];
    const states: TriageState[] = ['new', 'acknowledged', 'escalated', 'closed'];
    for (const action of actions)
      for (const state of states) {
        const listed = statesActedOn(action).includes(state);
        const changes = (() => {
          try {
            return applyTriage(inState(state), action, analyst, NOW).changed;
          } catch {
            return false;
          }
        })();
        // every state an action changes is listed; a listed state may be "already so" (acknowledged for assign)
        if (changes) expect(listed).toBe(true);
      }
  });
});
