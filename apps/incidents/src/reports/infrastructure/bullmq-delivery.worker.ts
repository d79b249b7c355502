import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { REDIS_CLIENT } from '@vigil/redis';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { bullConnectionOf } from '../../common/infrastructure/bullmq-connection';
import { PermanentDeliveryFailure } from '../application/national-link';
import { SendReportUseCase } from '../application/send-report.use-case';
import {
  BULL_PREFIX,
  DELIVERY_RETRY,
  NATIONAL_EXPORT_QUEUE,
  type DeliveryRetry,
} from './bullmq-delivery.queue';

/** The national export's BullMQ worker: hands each queued delivery to the use case, one try per run. */
@Injectable()
export class NationalDeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('national-export');
  private worker: Worker | undefined;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(BULL_PREFIX) private readonly prefix: string,
    @Inject(DELIVERY_RETRY) private readonly retry: DeliveryRetry,
    @Inject(SendReportUseCase) private readonly reports: SendReportUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker<{ deliveryId: string }>(
      NATIONAL_EXPORT_QUEUE,
      async (job: Job<{ deliveryId: string }>) => {
        const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? this.retry.attempts);
        try {
          await this.reports.deliver(job.data.deliveryId, lastTry);
        } catch (error) {
          this.logger.warn({
            msg: 'national delivery failed',
            delivery: job.data.deliveryId,
            lastTry,
            error: String(error),
          });
          if (error instanceof PermanentDeliveryFailure) throw new UnrecoverableError(error.message);
          throw error;
        }
      },
      { connection: bullConnectionOf(this.redis), prefix: this.prefix, concurrency: 2 },
    );
    this.worker.on('error', (error) => {
      this.logger.warn({ msg: 'national export worker error', error: String(error) });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
