import { Inject, Injectable } from '@nestjs/common';
import { actorOf, type Principal } from '@vigil/auth';
import { AlertsError } from '../domain/alerts.error';
import type { Versioned } from '../domain/queue-alert';
import type { QueueItem } from '../domain/queue-item';
import { auditActionOf, statesActedOn, type TriageAction } from '../domain/triage';
import { AlertChanges } from './alert-changes';
import { AlertQueueRepository } from './alert-queue.repository';

export interface TriageItemCommand {
  readonly itemId: string;
  readonly action: TriageAction;
  /** The item version the person saw (a new alert folded in also changes it): stale → 409. */
  readonly version?: string;
  readonly principal: Principal;
}

export interface TriageItemResult {
  readonly item: Versioned<QueueItem>;
  readonly changed: number;
  readonly unchanged: number;
  /** More alerts of the item wait for this action than one call takes: call again. */
  readonly more: boolean;
  /** Alerts the action does not apply to (e.g. acknowledging an item with closed alerts), with why. */
  readonly skipped: readonly { readonly alertId: string; readonly reason: string }[];
}

/** Most alerts one item action changes; larger items are worked by filters and bulk actions. */
export const MAX_ALERTS_PER_ITEM_ACTION = 5000;
const CLAIM_ATTEMPTS = 5;

/**
 * An action on a queue item: all its alerts. The item is claimed first with a write conditional
 * on the version the person saw, so of two people acting on the same item from the same view
 * one wins and the other gets a 409; then each alert changes as a single-alert action would.
 */
@Injectable()
export class TriageItemUseCase {
  constructor(
    @Inject(AlertQueueRepository) private readonly repository: AlertQueueRepository,
    @Inject(AlertChanges) private readonly changes: AlertChanges,
  ) {}

  async execute(command: TriageItemCommand): Promise<TriageItemResult> {
    const { principal, action } = command;
    const actor = actorOf(principal);
    const now = new Date().toISOString();
    let current = await this.repository.getItem(command.itemId, principal.scope);
    for (let attempt = 1; ; attempt++) {
      if (current === undefined) throw AlertsError.itemNotFound(command.itemId);
      if (command.version !== undefined && current.version !== command.version)
        throw AlertsError.concurrentChange(`queue item "${command.itemId}"`, current.version);
      const claimed = await this.repository.claimItem(
        { ...current.value, lastAction: { action: auditActionOf(action), by: actor, at: now } },
        current.version,
      );
      if (claimed !== undefined) break;
      const reread = await this.repository.getItem(command.itemId, principal.scope);
      if (reread !== undefined && (command.version !== undefined || attempt >= CLAIM_ATTEMPTS))
        throw AlertsError.concurrentChange(`queue item "${command.itemId}"`, reread.version);
      current = reread;
    }
    const item = current.value;
    const alerts = await this.repository.alertsOfItem(
      item.id,
      statesActedOn(action),
      principal.scope,
      MAX_ALERTS_PER_ITEM_ACTION,
    );
    const results = await this.changes.apply(
      alerts.map((alert) => ({ current: alert })),
      action,
      actor,
      principal.scope,
      [
        {
          subject: { type: 'queue-item', id: item.id },
          organizationId: item.organizationId,
          actor,
          action: auditActionOf(action),
          ...(action.reason === undefined ? {} : { reason: action.reason }),
          before: { state: item.state, state_counts: item.stateCounts, assignee_ids: item.assigneeIds },
          ...(item.drillRunId === undefined ? {} : { drillRunId: item.drillRunId }),
        },
      ],
    );
    // Changed alerts had their item recomputed already; otherwise recompute it to show the claim.
    const refreshed = results.some((result) => result.status === 'changed')
      ? await this.repository.getItem(item.id, principal.scope)
      : (await this.repository.refreshItems([item.id])).at(0);
    if (refreshed === undefined) throw AlertsError.itemNotFound(item.id);
    return {
      item: refreshed,
      changed: results.filter((result) => result.status === 'changed').length,
      unchanged: results.filter((result) => result.status === 'unchanged').length,
      more: alerts.length >= MAX_ALERTS_PER_ITEM_ACTION,
      skipped: results.flatMap((result) =>
        result.status === 'failed' ? [{ alertId: result.alertId, reason: result.error.message }] : [],
      ),
    };
  }
}
