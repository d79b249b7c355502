import { Module, type DynamicModule } from '@nestjs/common';
import { AuditLog, ChainAnchors } from './application/audit-log';
import { AuditTrail } from './application/audit-trail';
import { ChainedAuditTrail } from './application/chained-audit-trail';
import { ReadAuditChainUseCase } from './application/read-audit-chain.use-case';
import { RelayUnpublishedAuditUseCase } from './application/relay-unpublished-audit.use-case';
import { AUDIT_RELAY_INTERVAL_MS, AuditRelayScheduler } from './infrastructure/audit-relay.scheduler';
import { AUDIT_INDEX, auditIndexName, ElasticsearchAuditLog } from './infrastructure/elasticsearch-audit.log';
import { AUDIT_ANCHORS_KEY, RedisChainAnchors } from './infrastructure/redis-chain.anchors';
import { AuditController } from './interface/http/audit.controller';

export { auditIndexTemplate } from './infrastructure/elasticsearch-audit.log';

/**
 * The audit trail of the incidents service: `AuditTrail` for the contexts that record changes
 * (alert triage, incidents), the read/verify routes, and the relay that publishes entries that
 * were stored but never reached Kafka. Needs the service infrastructure (Kafka, Elasticsearch with
 * `auditIndexTemplate`, Redis).
 */
@Module({})
export class AuditModule {
  static forRoot(options: { namespace: string; relayIntervalMs?: number }): DynamicModule {
    return {
      module: AuditModule,
      controllers: [AuditController],
      providers: [
        { provide: AUDIT_INDEX, useValue: auditIndexName(options.namespace) },
        { provide: AUDIT_ANCHORS_KEY, useValue: `${options.namespace}:audit:anchors` },
        { provide: AUDIT_RELAY_INTERVAL_MS, useValue: options.relayIntervalMs ?? 30_000 },
        { provide: AuditLog, useClass: ElasticsearchAuditLog },
        { provide: ChainAnchors, useClass: RedisChainAnchors },
        ChainedAuditTrail,
        { provide: AuditTrail, useExisting: ChainedAuditTrail },
        ReadAuditChainUseCase,
        RelayUnpublishedAuditUseCase,
        AuditRelayScheduler,
      ],
      exports: [AuditTrail, ReadAuditChainUseCase],
    };
  }
}
