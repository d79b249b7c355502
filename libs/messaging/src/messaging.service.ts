import {
  Inject,
  Injectable,
  Optional,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { TopicName } from '@vigil/contracts';
import { ConsumerRunner, type ConsumerOptions } from './consumer-runner';
import { KafkaConnection } from './kafka-connection';
import { Publisher } from './publisher';
import { ensureTopics } from './topic-admin';

/**
 * What consumers wait for before they start, when a service provides it: e.g. its index templates
 * in place, so a consumer's first write cannot create an index with guessed mappings.
 */
export const CONSUME_GATE = Symbol('vigil.messaging.consume-gate');
export type ConsumeGate = () => Promise<void>;

/**
 * The process's Kafka lifecycle. At bootstrap it creates the contract topics, connects the
 * producer and starts every registered consumer, retrying in the background while Kafka is
 * unreachable (the service stays live but not ready). On shutdown (SIGTERM) consumers finish
 * their batch and commit, then the producer flushes what it holds.
 */
@Injectable()
export class MessagingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MessagingService.name);
  private readonly runners: ConsumerRunner<TopicName>[] = [];
  private connected = false;
  private shuttingDown = false;
  private connecting: Promise<void> | undefined;

  constructor(
    @Inject(KafkaConnection) readonly connection: KafkaConnection,
    @Inject(Publisher) readonly publisher: Publisher,
    @Optional() @Inject(CONSUME_GATE) private readonly gate?: ConsumeGate,
  ) {}

  /** Registers a consumer; it starts when the service is connected to Kafka. */
  consume<T extends TopicName>(options: ConsumerOptions<T>): ConsumerRunner<T> {
    const runner = new ConsumerRunner(this.connection, this.publisher, options);
    this.runners.push(runner as unknown as ConsumerRunner<TopicName>);
    if (this.connected) void this.startRunner(runner);
    return runner;
  }

  /** Connected, and every consumer has joined its group. */
  get ready(): boolean {
    return this.connected && this.runners.every((runner) => runner.ready);
  }

  onApplicationBootstrap(): void {
    this.connecting = this.connectWithRetry();
  }

  /** Resolves once connected (for callers that must not start before Kafka is there). */
  async whenConnected(): Promise<void> {
    await this.connecting;
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    // A connection attempt still under way finishes (or gives up) before we tear down.
    await this.connecting;
    await Promise.allSettled(this.runners.map((runner) => runner.stop()));
    if (this.connected) await this.publisher.disconnect();
    await this.connection.close();
  }

  private async connectWithRetry(): Promise<void> {
    for (let attempt = 0; !this.shuttingDown; attempt++) {
      try {
        await ensureTopics(this.connection);
        await this.publisher.connect();
        this.connected = true;
        this.logger.log({ msg: 'connected to Kafka', brokers: this.connection.options.brokers });
        await this.startRunners();
        return;
      } catch (error) {
        const delay = Math.min(10000, 500 * 2 ** attempt);
        this.logger.warn({ msg: 'Kafka not reachable yet; retrying', delayMs: delay, error: String(error) });
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async startRunners(): Promise<void> {
    // Shutdown may have begun while we were connecting.
    if (this.shuttingDown) return;
    await Promise.all(this.runners.map((runner) => this.startRunner(runner)));
  }

  private async startRunner<T extends TopicName>(runner: ConsumerRunner<T>): Promise<void> {
    try {
      await this.gate?.();
      if (this.shuttingDown) return;
      await runner.start();
    } catch (error) {
      this.logger.error({ msg: 'consumer failed to start', error: String(error) });
      throw error;
    }
  }
}
