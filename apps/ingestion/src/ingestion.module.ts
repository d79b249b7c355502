import { Module, type DynamicModule } from '@nestjs/common';
import { serviceInfrastructure } from '@vigil/observability';
import type { IngestionConfig } from './config';

/** Ingestion: agencies forward logs; parsed, normalized, published to Kafka, indexed in Elasticsearch. */
@Module({})
export class IngestionModule {
  static forRoot(config: IngestionConfig): DynamicModule {
    return {
      module: IngestionModule,
      imports: [...serviceInfrastructure({ service: 'ingestion', config })],
    };
  }
}
