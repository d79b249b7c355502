import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SERVICE_CONFIG } from '@vigil/config';
import { REDIS_CLIENT, withRedisLock } from '@vigil/redis';
import type { Redis } from 'ioredis';
import type { IngestionConfig } from '../../config';
import { CheckSilentSourcesUseCase } from '../../ingest-health/application/check-silent-sources.use-case';
import { ApplyRetentionUseCase } from '../../indexer/application/apply-retention.use-case';
import { REDIS_PREFIX } from './redis-prefix';

/** Periodic jobs (retention, silent sources), each run by one instance at a time. */
@Injectable()
export class MaintenanceScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MaintenanceScheduler.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
    @Inject(SERVICE_CONFIG) private readonly config: IngestionConfig,
    @Inject(ApplyRetentionUseCase) private readonly retention: ApplyRetentionUseCase,
    @Inject(CheckSilentSourcesUseCase) private readonly silence: CheckSilentSourcesUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.maintenanceIntervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    const lockMs = Math.max(30_000, this.config.maintenanceIntervalMs);
    const jobs: [string, () => Promise<unknown>][] = [
      ['retention', () => this.retention.execute()],
      ['silent-sources', () => this.silence.execute()],
    ];
    for (const [name, job] of jobs) {
      try {
        await withRedisLock(this.redis, `${this.prefix}:lock:ingestion:${name}`, lockMs, job);
      } catch (error) {
        this.logger.warn({ msg: `maintenance job ${name} failed`, error: String(error) });
      }
    }
  }
}
