import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { MessagingService } from './messaging.service';

/** Ready when the broker answers a metadata request and every consumer has joined its group. */
@Injectable()
export class KafkaHealthIndicator {
  constructor(
    @Inject(MessagingService) private readonly messaging: MessagingService,
    @Inject(HealthIndicatorService) private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'kafka'): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    if (!this.messaging.ready)
      return indicator.down({ message: 'not connected or consumers not in their groups' });
    try {
      const cluster = await (await this.messaging.connection.sharedAdmin()).describeCluster();
      return indicator.up({ brokers: cluster.brokers.length });
    } catch (error) {
      return indicator.down({ message: String(error) });
    }
  }
}
