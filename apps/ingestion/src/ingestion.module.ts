import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@vigil/auth';
import { Outbox, OutboxStore } from '@vigil/messaging';
import { serviceInfrastructure } from '@vigil/observability';
import { ELASTICSEARCH_CLIENT, ElasticsearchOutboxStore, type ElasticsearchClient } from '@vigil/search';
import { INGESTION_INDICES, ingestionIndices } from './common/infrastructure/indices';
import { MaintenanceScheduler } from './common/infrastructure/maintenance.scheduler';
import { REDIS_PREFIX } from './common/infrastructure/redis-prefix';
import { RawBodyParsers } from './common/interface/http/raw-body.parsers';
import type { IngestionConfig } from './config';
import { ReplayDeadLettersUseCase } from './dead-letters/application/replay-dead-letters.use-case';
import { DeadLettersController } from './dead-letters/interface/http/dead-letters.controller';
import { AgencyChangeLog } from './directory/application/agency-change-log';
import { AgencyChanges } from './directory/application/agency-changes';
import { AgencyDirectory, DIRECTORY_REFRESH_MS } from './directory/application/agency-directory';
import { AgencyRepository } from './directory/application/agency.repository';
import { CreateAgencyUseCase } from './directory/application/create-agency.use-case';
import { DirectoryEvents } from './directory/application/directory-events';
import { RegisterSystemUseCase } from './directory/application/register-system.use-case';
import { KeyFailureLimiter } from './directory/application/key-failure-limiter';
import { KeyRevocations } from './directory/application/key-revocations';
import { RevokeApiKeyUseCase } from './directory/application/revoke-api-key.use-case';
import { RotateApiKeyUseCase } from './directory/application/rotate-api-key.use-case';
import { UpdateAgencyUseCase } from './directory/application/update-agency.use-case';
import {
  ElasticsearchAgencyRepository,
  agencyIndexTemplate,
} from './directory/infrastructure/elasticsearch-agency.repository';
import {
  ElasticsearchAgencyChangeLog,
  agencyChangesIndexTemplate,
} from './directory/infrastructure/elasticsearch-agency-change.log';
import { RedisKeyFailureLimiter } from './directory/infrastructure/redis-key-failure.limiter';
import { RedisKeyRevocations } from './directory/infrastructure/redis-key-revocations';
import { AgenciesController } from './directory/interface/http/agencies.controller';
import { identityControllers, identityProviders } from './identity/identity.providers';
import { CheckSilentSourcesUseCase } from './ingest-health/application/check-silent-sources.use-case';
import { GetIngestHealthUseCase } from './ingest-health/application/get-ingest-health.use-case';
import { IngestStats } from './ingest-health/application/ingest-stats';
import { RedisIngestStatsStore } from './ingest-health/infrastructure/redis-ingest-stats.store';
import { IngestHealthController } from './ingest-health/interface/http/ingest-health.controller';
import { ApplyRetentionUseCase } from './indexer/application/apply-retention.use-case';
import { EventIndexStore } from './indexer/application/event-index.store';
import { IndexEventsUseCase } from './indexer/application/index-events.use-case';
import { ElasticsearchEventIndexStore } from './indexer/infrastructure/elasticsearch-event-index.store';
import { eventsIndexTemplate } from './indexer/infrastructure/events-index.template';
import { EventsIndexerConsumer } from './indexer/interface/kafka/events-indexer.consumer';
import { INTAKE_LIMITS, IngestLinesUseCase } from './intake/application/ingest-lines.use-case';
import { QuotaGate } from './intake/application/quota-gate';
import { SubmitEventsUseCase } from './intake/application/submit-events.use-case';
import { RedisQuotaGate } from './intake/infrastructure/redis-quota.gate';
import { EventsController } from './intake/interface/http/events.controller';
import { syslogProviders } from './syslog/syslog.providers';

/**
 * Ingestion: agencies forward logs (HTTP, syslog); they are parsed, normalized, published to
 * Kafka and indexed in Elasticsearch. Contexts: directory (agencies, keys, systems), intake
 * (inputs, quotas, parsing), indexer (events → Elasticsearch, retention), ingest-health,
 * dead-letters (replay), identity (accounts, login, personal tokens).
 */
@Module({})
export class IngestionModule {
  static forRoot(config: IngestionConfig): DynamicModule {
    const indices = ingestionIndices(config.namespace);
    return {
      module: IngestionModule,
      imports: [
        ...serviceInfrastructure({
          service: 'ingestion',
          config,
          templates: [
            agencyIndexTemplate(indices),
            agencyChangesIndexTemplate(indices),
            eventsIndexTemplate(indices.eventsPrefix, config.elasticsearchReplicas),
          ],
        }),
        AuthModule.forRoot({ config }),
      ],
      controllers: [
        EventsController,
        AgenciesController,
        IngestHealthController,
        DeadLettersController,
        ...identityControllers,
      ],
      providers: [
        { provide: INGESTION_INDICES, useValue: indices },
        { provide: REDIS_PREFIX, useValue: config.namespace },
        { provide: DIRECTORY_REFRESH_MS, useValue: config.directoryRefreshMs },
        {
          provide: INTAKE_LIMITS,
          useValue: {
            maxLineBytes: config.maxLineBytes,
            publishTimeoutMs: config.publishTimeoutMs,
            maxEventsPerRequest: config.maxEventsPerRequest,
            agencyPendingBytes: config.agencyPendingBytes,
          },
        },
        RawBodyParsers,
        // directory
        { provide: AgencyRepository, useClass: ElasticsearchAgencyRepository },
        { provide: AgencyChangeLog, useClass: ElasticsearchAgencyChangeLog },
        { provide: KeyRevocations, useClass: RedisKeyRevocations },
        { provide: KeyFailureLimiter, useClass: RedisKeyFailureLimiter },
        AgencyDirectory,
        // the directory's records carry their Kafka messages until published (docs/outbox.md)
        {
          provide: OutboxStore,
          inject: [ELASTICSEARCH_CLIENT],
          useFactory: (client: ElasticsearchClient) =>
            new ElasticsearchOutboxStore(client, [indices.agencies]),
        },
        Outbox,
        DirectoryEvents,
        AgencyChanges,
        CreateAgencyUseCase,
        UpdateAgencyUseCase,
        RotateApiKeyUseCase,
        RevokeApiKeyUseCase,
        RegisterSystemUseCase,
        // intake
        { provide: QuotaGate, useClass: RedisQuotaGate },
        IngestLinesUseCase,
        SubmitEventsUseCase,
        // indexer
        { provide: EventIndexStore, useClass: ElasticsearchEventIndexStore },
        IndexEventsUseCase,
        ApplyRetentionUseCase,
        EventsIndexerConsumer,
        // ingest health
        { provide: IngestStats, useClass: RedisIngestStatsStore },
        GetIngestHealthUseCase,
        CheckSilentSourcesUseCase,
        MaintenanceScheduler,
        // dead letters
        ReplayDeadLettersUseCase,
        // identity: accounts, login, personal tokens
        ...identityProviders(config),
        // syslog inputs (UDP, TCP, TLS)
        ...syslogProviders,
      ],
    };
  }
}
