import type { Breach } from '../application/breach-log';

export const SLA_NOTIFY_QUEUE = 'incidents-sla-notify';

export interface DeliveryJob {
  readonly deliveryId: string;
  readonly breach: Breach;
}

/** What a webhook receives (JSON, signed): one breach, with an id to de-duplicate retries by. */
export function webhookPayload(job: DeliveryJob): Record<string, unknown> {
  const { breach } = job;
  return {
    event: 'sla-breached',
    delivery_id: job.deliveryId,
    breach: {
      deadline_id: breach.deadlineId,
      kind: breach.kind,
      subject: breach.subject,
      organization_id: breach.organizationId,
      team: breach.team,
      priority: breach.priority ?? null,
      legal_class: breach.legalClass ?? null,
      start_at: breach.startAt,
      due_at: breach.dueAt,
      breached_at: breach.breachedAt,
      drill: breach.drillRunId !== undefined,
      ...(breach.drillRunId === undefined ? {} : { drill_run_id: breach.drillRunId }),
    },
  };
}

export function emailOf(breach: Breach): { subject: string; text: string } {
  const drill = breach.drillRunId === undefined ? '' : '[DRILL] ';
  const what = `${breach.subject.type} ${breach.subject.id}`;
  return {
    subject: `${drill}[Vigil] SLA breached: ${breach.kind} of ${what}${breach.priority ? ` (${breach.priority})` : ''}`,
    text: [
      `The ${breach.kind} deadline of ${what} passed unmet.`,
      '',
      `Agency: ${breach.organizationId}`,
      `Team: ${breach.team}`,
      `Priority: ${breach.priority ?? '-'}; legal class: ${breach.legalClass ?? '-'}`,
      `Clock started: ${breach.startAt}`,
      `Due: ${breach.dueAt}`,
      `Breached: ${breach.breachedAt}`,
      ...(breach.drillRunId === undefined
        ? []
        : ['', `Drill run ${breach.drillRunId}: not a real incident.`]),
    ].join('\n'),
  };
}
