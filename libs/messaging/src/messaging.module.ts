import { TerminusModule } from '@nestjs/terminus';
import { Module, type DynamicModule } from '@nestjs/common';
import { SERVICE_CONFIG, type ServiceConfig } from '@vigil/config';
import { KafkaConnection } from './kafka-connection';
import { KafkaHealthIndicator } from './kafka.health';
import { MessagingService } from './messaging.service';
import { Publisher } from './publisher';

@Module({})
export class MessagingModule {
  /** Kafka for one service: `clientId` names it in broker logs. Needs SERVICE_CONFIG provided globally. */
  static forRoot(options: { clientId: string }): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [TerminusModule],
      providers: [
        {
          provide: KafkaConnection,
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceConfig) =>
            new KafkaConnection({
              clientId: options.clientId,
              brokers: [...config.kafkaBrokers],
              namespace: config.namespace,
              security: config.kafkaSecurity,
            }),
        },
        {
          provide: Publisher,
          inject: [KafkaConnection],
          useFactory: (connection: KafkaConnection) => new Publisher(connection),
        },
        MessagingService,
        KafkaHealthIndicator,
      ],
      exports: [KafkaConnection, Publisher, MessagingService, KafkaHealthIndicator],
    };
  }
}
