import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HealthIndicatorService, TerminusModule, type HealthIndicatorResult } from '@nestjs/terminus';
import { SERVICE_CONFIG, type ServiceConfig } from '@vigil/config';
import { CONSUME_GATE, type ConsumeGate } from '@vigil/messaging';
import { BulkWriter } from './bulk-writer';
import { createElasticsearchClient, type ElasticsearchClient } from './elasticsearch-client';
import { putIndexTemplates, type IndexTemplate } from './index-templates';

/** DI token of the Elasticsearch client (only infrastructure adapters should inject it). */
export const ELASTICSEARCH_CLIENT = Symbol('vigil.elasticsearch-client');
const INDEX_TEMPLATES = Symbol('vigil.index-templates');

/** Registers the service's index templates at start-up, retrying while Elasticsearch is unreachable. */
@Injectable()
export class SearchLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('search');
  private templatesReady = false;
  private shuttingDown = false;
  private markReady!: () => void;
  /** Resolves once the templates are in place (never, if the service stops first). */
  readonly whenReady = new Promise<void>((resolve) => {
    this.markReady = resolve;
  });

  constructor(
    @Inject(ELASTICSEARCH_CLIENT) private readonly client: ElasticsearchClient,
    @Inject(INDEX_TEMPLATES) private readonly templates: IndexTemplate[],
  ) {}

  get ready(): boolean {
    return this.templatesReady;
  }

  onApplicationBootstrap(): void {
    void this.registerTemplates();
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    await this.client.close();
  }

  private async registerTemplates(): Promise<void> {
    for (let attempt = 0; !this.shuttingDown; attempt++) {
      try {
        await putIndexTemplates(this.client, this.templates);
        this.templatesReady = true;
        this.markReady();
        return;
      } catch (error) {
        const delay = Math.min(10000, 500 * 2 ** attempt);
        this.logger.warn({
          msg: 'index templates not registered yet; retrying',
          delayMs: delay,
          error: String(error),
        });
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}

/** Ready when the cluster is yellow or green and the index templates are in place. */
@Injectable()
export class ElasticsearchHealthIndicator {
  constructor(
    @Inject(ELASTICSEARCH_CLIENT) private readonly client: ElasticsearchClient,
    @Inject(SearchLifecycle) private readonly lifecycle: SearchLifecycle,
    @Inject(HealthIndicatorService) private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'elasticsearch'): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    try {
      const health = await this.client.cluster.health(
        { timeout: '2s' },
        { requestTimeout: 3000, maxRetries: 0 },
      );
      if (health.status === 'red') return indicator.down({ message: 'cluster status red' });
      if (!this.lifecycle.ready) return indicator.down({ message: 'index templates not registered yet' });
      return indicator.up({ cluster: health.status });
    } catch (error) {
      return indicator.down({ message: String(error) });
    }
  }
}

@Module({})
export class SearchModule {
  /** Elasticsearch for one service, with the index templates it owns. Needs SERVICE_CONFIG. */
  static forRoot(options: { templates?: IndexTemplate[] } = {}): DynamicModule {
    return {
      module: SearchModule,
      global: true,
      imports: [TerminusModule],
      providers: [
        {
          provide: ELASTICSEARCH_CLIENT,
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceConfig) =>
            createElasticsearchClient(config.elasticsearchUrl, config.elasticsearchSecurity),
        },
        { provide: INDEX_TEMPLATES, useValue: options.templates ?? [] },
        {
          provide: BulkWriter,
          inject: [ELASTICSEARCH_CLIENT],
          useFactory: (client: ElasticsearchClient) => new BulkWriter(client),
        },
        SearchLifecycle,
        ElasticsearchHealthIndicator,
        // Consumers start once the templates are in: a first write must not create an index with
        // mappings Elasticsearch guessed (a text `item_id` that cannot be aggregated, for ever).
        {
          provide: CONSUME_GATE,
          inject: [SearchLifecycle],
          useFactory:
            (lifecycle: SearchLifecycle): ConsumeGate =>
            () =>
              lifecycle.whenReady,
        },
      ],
      exports: [ELASTICSEARCH_CLIENT, BulkWriter, ElasticsearchHealthIndicator, CONSUME_GATE],
    };
  }
}
