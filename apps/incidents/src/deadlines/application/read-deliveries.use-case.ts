import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@vigil/auth';
import { DeliveryLog, type DeliveryAttempt } from './delivery-log';

/** How a breach's webhook and e-mail went: every attempt, within the caller's agency scope. */
@Injectable()
export class ReadDeliveriesUseCase {
  constructor(@Inject(DeliveryLog) private readonly log: DeliveryLog) {}

  execute(deadlineId: string, principal: Principal): Promise<DeliveryAttempt[]> {
    return this.log.forDeadline(deadlineId, principal.scope);
  }
}
