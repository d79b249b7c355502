import { Inject, Injectable, Logger } from '@nestjs/common';
import { serviceActor } from '@vigil/auth';
import { AuditTrail } from '../../audit/application/audit-trail';
import type { Deadline } from '../domain/deadline';
import { BreachLog, type Breach } from './breach-log';
import type { TimerStage } from './deadline-timers';
import { EscalationClaims } from './escalation-claims';
import { EscalationNotifier } from './escalation-notifier';
import { TrackDeadlinesUseCase } from './track-deadlines.use-case';

export const SLA_ACTIONS: Record<TimerStage, string> = { warning: 'sla-warning', breach: 'sla-breached' };

export type FireOutcome = 'escalated' | 'not-running' | 'already-escalated' | 'too-late-to-warn';

/**
 * A timer fired on this instance (one instance per timer, BullMQ's lock): check first that the
 * deadline still runs (met, stopped or superseded → nothing), then escalate once — the audit trail
 * (sla-warning / sla-breached on the subject, so it is on vigil.incidents.v1 and in the queue),
 * and for a breach the breaches log and the webhook / e-mail. A timer re-run after its instance
 * died mid-way resumes the escalation its claim names.
 */
@Injectable()
export class FireDeadlineUseCase {
  private readonly logger = new Logger('deadlines');

  constructor(
    @Inject(TrackDeadlinesUseCase) private readonly tracker: TrackDeadlinesUseCase,
    @Inject(EscalationClaims) private readonly claims: EscalationClaims,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(BreachLog) private readonly breaches: BreachLog,
    @Inject(EscalationNotifier) private readonly notifier: EscalationNotifier,
  ) {}

  async execute(stage: TimerStage, scheduled: Deadline, now = new Date()): Promise<FireOutcome> {
    const deadline = await this.tracker.running(scheduled.subject.type, scheduled.subject.id, scheduled.id);
    if (deadline === undefined) return 'not-running';
    // A warning that comes after the deadline says nothing the breach will not say.
    if (stage === 'warning' && now.getTime() >= Date.parse(deadline.dueAt)) return 'too-late-to-warn';
    if ((await this.claims.claim(deadline.id, stage)) === 'done') return 'already-escalated';
    const breach: Breach = {
      deadlineId: deadline.id,
      kind: deadline.kind,
      subject: deadline.subject,
      organizationId: deadline.organizationId,
      team: deadline.team,
      ...(deadline.priority === undefined ? {} : { priority: deadline.priority }),
      ...(deadline.legalClass === undefined ? {} : { legalClass: deadline.legalClass }),
      startAt: deadline.startAt,
      dueAt: deadline.dueAt,
      breachedAt: now.toISOString(),
      ...(deadline.drillRunId === undefined ? {} : { drillRunId: deadline.drillRunId }),
    };
    if (stage === 'breach') await this.breaches.record(breach);
    await this.audit.record([
      {
        subject: deadline.subject,
        ...(deadline.subject.type === 'incident' ? { incidentId: deadline.subject.id } : {}),
        organizationId: deadline.organizationId,
        actor: serviceActor('incidents'),
        action: SLA_ACTIONS[stage],
        reason:
          stage === 'warning'
            ? `${deadline.kind} deadline at ${deadline.dueAt} is near`
            : `${deadline.kind} deadline at ${deadline.dueAt} passed unmet`,
        // Under `sla`, so no reader mistakes these for the subject's own fields (state, priority).
        after: { sla: slaView(deadline, stage) },
        ...(deadline.drillRunId === undefined ? {} : { drillRunId: deadline.drillRunId }),
      },
    ]);
    if (stage === 'breach') await this.notifier.breached(breach);
    await this.claims.done(deadline.id, stage);
    this.logger.log({
      msg: stage === 'breach' ? 'deadline breached' : 'deadline near',
      deadline: deadline.id,
      kind: deadline.kind,
      subject: `${deadline.subject.type}:${deadline.subject.id}`,
      drill: deadline.drillRunId !== undefined,
    });
    return 'escalated';
  }
}

function slaView(deadline: Deadline, stage: TimerStage): Record<string, unknown> {
  return {
    stage,
    deadline_id: deadline.id,
    kind: deadline.kind,
    team: deadline.team,
    ...(deadline.priority === undefined ? {} : { priority: deadline.priority }),
    ...(deadline.legalClass === undefined ? {} : { legal_class: deadline.legalClass }),
    start_at: deadline.startAt,
    warn_at: deadline.warnAt,
    due_at: deadline.dueAt,
  };
}
