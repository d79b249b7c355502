import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { DEADLINES_BULL_CONFIG } from '../../infrastructure/bullmq-connection';
import { DeliveryLog, type DeliveryChannel } from '../../application/delivery-log';
import { SLA_NOTIFY_QUEUE, type DeliveryJob } from '../../infrastructure/escalation-delivery';
import { SmtpEmailSender } from '../../infrastructure/smtp-email.sender';
import { PermanentDeliveryError, WebhookSender } from '../../infrastructure/webhook.sender';

/**
 * Delivers one breach on one channel; every attempt goes to the delivery log. A failure is retried
 * by BullMQ with backoff, except one that cannot succeed (a 4xx, nothing configured).
 */
@Processor({ name: SLA_NOTIFY_QUEUE, configKey: DEADLINES_BULL_CONFIG }, { concurrency: 4 })
export class EscalationDeliveryProcessor extends WorkerHost {
  private readonly logger = new Logger('deadlines');

  constructor(
    @Inject(WebhookSender) private readonly webhook: WebhookSender,
    @Inject(SmtpEmailSender) private readonly email: SmtpEmailSender,
    @Inject(DeliveryLog) private readonly log: DeliveryLog,
  ) {
    super();
  }

  async process(job: Job<DeliveryJob>): Promise<string> {
    const channel: DeliveryChannel = job.name === 'email' ? 'email' : 'webhook';
    const attempt = job.attemptsMade + 1;
    const entry = {
      deliveryId: job.data.deliveryId,
      channel,
      deadlineId: job.data.breach.deadlineId,
      organizationId: job.data.breach.organizationId,
      attempt,
    };
    try {
      const detail =
        channel === 'webhook' ? String(await this.webhook.send(job.data)) : await this.email.send(job.data);
      await this.log.record({ ...entry, at: new Date().toISOString(), outcome: 'delivered', detail });
      return detail;
    } catch (error) {
      const permanent = error instanceof PermanentDeliveryError;
      const last = permanent || attempt >= (job.opts.attempts ?? 1);
      await this.log
        .record({
          ...entry,
          at: new Date().toISOString(),
          outcome: last ? 'gave-up' : 'failed',
          detail: String(error),
        })
        .catch((logError: unknown) => {
          this.logger.warn({ msg: 'delivery log write failed', error: String(logError) });
        });
      this.logger.warn({
        msg: 'SLA notification not delivered',
        channel,
        attempt,
        last,
        error: String(error),
      });
      throw permanent ? new UnrecoverableError(String(error)) : error;
    }
  }
}
