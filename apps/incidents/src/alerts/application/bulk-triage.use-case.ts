import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@vigil/auth';
import { AlertsError } from '../domain/alerts.error';
import type { TriageAction } from '../domain/triage';
import { TriageAlertUseCase } from './triage-alert.use-case';
import { TriageItemUseCase } from './triage-item.use-case';

export interface BulkTarget {
  readonly type: 'alert' | 'queue-item';
  readonly id: string;
  readonly version?: string;
}

export type BulkResult = BulkTarget &
  (
    | { readonly status: 'ok'; readonly version: string; readonly skipped?: number }
    | {
        readonly status: 'error';
        readonly error: string;
        readonly message: string;
        readonly current_version?: unknown;
      }
  );

export const MAX_BULK_TARGETS = 500;

/**
 * One action (acknowledge, assign, close) on many alerts and items: each target succeeds or fails
 * on its own (not found, stale version, not allowed in its state) and the answer says which.
 */
@Injectable()
export class BulkTriageUseCase {
  constructor(
    @Inject(TriageAlertUseCase) private readonly alert: TriageAlertUseCase,
    @Inject(TriageItemUseCase) private readonly item: TriageItemUseCase,
  ) {}

  async execute(
    targets: readonly BulkTarget[],
    action: TriageAction,
    principal: Principal,
  ): Promise<BulkResult[]> {
    const results: BulkResult[] = [];
    for (const target of targets) {
      try {
        if (target.type === 'alert') {
          const changed = await this.alert.execute({
            alertId: target.id,
            action,
            version: target.version,
            principal,
          });
          results.push({ ...target, status: 'ok', version: changed.version });
        } else {
          const changed = await this.item.execute({
            itemId: target.id,
            action,
            version: target.version,
            principal,
          });
          results.push({
            ...target,
            status: 'ok',
            version: changed.item.version,
            skipped: changed.skipped.length,
          });
        }
      } catch (error) {
        if (!(error instanceof AlertsError)) throw error;
        results.push({
          ...target,
          status: 'error',
          error: error.code,
          message: error.message,
          ...error.details,
        });
      }
    }
    return results;
  }
}
