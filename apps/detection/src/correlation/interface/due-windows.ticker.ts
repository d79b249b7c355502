import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SERVICE_CONFIG } from '@vigil/config';
import { Counter } from 'prom-client';
import type { DetectionConfig } from '../../config';
import { FireDueCorrelationsUseCase } from '../application/fire-due-correlations.use-case';

const tickFailures = new Counter({
  name: 'vigil_detection_due_window_tick_failures_total',
  help: 'Ticks that failed to judge due lt/lte correlation windows (they are judged again later)',
});

/**
 * Every VIGIL_CORRELATION_TICK_MS, judges the lt / lte correlation windows that are due. Ticks
 * never overlap; a failed tick is logged and counted, and its windows stay leased until their
 * lease runs out, then any instance judges them again.
 */
@Injectable()
export class DueWindowsTicker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DueWindowsTicker.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(FireDueCorrelationsUseCase) private readonly fireDue: FireDueCorrelationsUseCase,
    @Inject(SERVICE_CONFIG) private readonly config: DetectionConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    // a tick under way finishes before Redis and Kafka close under it
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, this.config.correlationTickMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      await this.fireDue.execute();
    } catch (error) {
      tickFailures.inc();
      this.logger.warn({ msg: 'due correlation windows not judged this tick', error: String(error) });
    }
  }
}
