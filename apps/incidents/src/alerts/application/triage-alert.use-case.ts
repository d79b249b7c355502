import { Inject, Injectable } from '@nestjs/common';
import { actorOf, type Principal } from '@vigil/auth';
import { AlertsError } from '../domain/alerts.error';
import type { QueueAlert, Versioned } from '../domain/queue-alert';
import type { TriageAction } from '../domain/triage';
import { AlertChanges } from './alert-changes';
import { AlertQueueRepository } from './alert-queue.repository';

export interface TriageAlertCommand {
  readonly alertId: string;
  readonly action: TriageAction;
  /** The version the person saw: a change made since then is a 409 with the current one. */
  readonly version?: string;
  readonly principal: Principal;
}

/** One alert acknowledged, assigned, closed or reopened by a person. */
@Injectable()
export class TriageAlertUseCase {
  constructor(
    @Inject(AlertQueueRepository) private readonly repository: AlertQueueRepository,
    @Inject(AlertChanges) private readonly changes: AlertChanges,
  ) {}

  async execute(command: TriageAlertCommand): Promise<Versioned<QueueAlert>> {
    const { principal } = command;
    const current = await this.repository.getAlert(command.alertId, principal.scope);
    if (current === undefined) throw AlertsError.alertNotFound(command.alertId);
    const result = (
      await this.changes.apply(
        [{ current, expectedVersion: command.version }],
        command.action,
        actorOf(principal),
        principal.scope,
      )
    ).at(0);
    if (result === undefined) throw AlertsError.alertNotFound(command.alertId);
    if (result.status === 'failed') throw result.error;
    return result.alert;
  }
}
