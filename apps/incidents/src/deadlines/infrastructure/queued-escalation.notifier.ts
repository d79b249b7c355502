import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Breach } from '../application/breach-log';
import { EscalationNotifier } from '../application/escalation-notifier';
import type { DeliveryChannel } from '../application/delivery-log';
import { SLA_NOTIFY_QUEUE, type DeliveryJob } from './escalation-delivery';

export const NOTIFY_CHANNELS = Symbol('vigil.incidents.sla-notify-channels');
export const NOTIFY_ATTEMPTS = Symbol('vigil.incidents.sla-notify-attempts');

/**
 * Each configured channel becomes a BullMQ job (id = deadline + channel, so a breach escalated
 * twice is delivered once), retried with exponential backoff; the delivery processor sends it.
 */
@Injectable()
export class QueuedEscalationNotifier extends EscalationNotifier {
  constructor(
    @InjectQueue(SLA_NOTIFY_QUEUE) private readonly queue: Queue<DeliveryJob>,
    @Inject(NOTIFY_CHANNELS) private readonly channels: readonly DeliveryChannel[],
    @Inject(NOTIFY_ATTEMPTS) private readonly attempts: number,
  ) {
    super();
  }

  async breached(breach: Breach): Promise<void> {
    for (const channel of this.channels) {
      const deliveryId = `${breach.deadlineId}-${channel}`;
      await this.queue.add(
        channel,
        { deliveryId, breach },
        {
          jobId: deliveryId,
          attempts: this.attempts,
          backoff: { type: 'exponential', delay: 5000 },
          removeOnComplete: { age: 30 * 24 * 3600 },
          removeOnFail: { age: 30 * 24 * 3600 },
        },
      );
    }
  }
}
