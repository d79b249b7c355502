import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SERVICE_CONFIG, type ServiceConfig } from '@vigil/config';
import { REDIS_CLIENT, withRedisLock } from '@vigil/redis';
import type { Redis } from 'ioredis';
import {
  RELAY_GRACE_MS,
  RelayUnpublishedAuditUseCase,
} from '../application/relay-unpublished-audit.use-case';

export const AUDIT_RELAY_INTERVAL_MS = Symbol('vigil.incidents.audit-relay-interval-ms');

/** Runs the audit relay at start and then periodically, on one instance at a time. */
@Injectable()
export class AuditRelayScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('audit');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(AUDIT_RELAY_INTERVAL_MS) private readonly intervalMs: number,
    @Inject(RelayUnpublishedAuditUseCase) private readonly relay: RelayUnpublishedAuditUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async tick(graceMs = RELAY_GRACE_MS): Promise<number> {
    try {
      const lockMs = Math.max(30_000, this.intervalMs);
      const sent = await withRedisLock(
        this.redis,
        `${this.config.namespace}:lock:incidents:audit-relay`,
        lockMs,
        () => this.relay.execute(graceMs),
      );
      if (sent) this.logger.log({ msg: 'relayed audit entries that had not reached Kafka', count: sent });
      return sent ?? 0;
    } catch (error) {
      this.logger.warn({ msg: 'audit relay failed', error: String(error) });
      return 0;
    }
  }
}
