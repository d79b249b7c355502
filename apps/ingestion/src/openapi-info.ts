import type { OpenApiInfo } from '@vigil/observability';

export const ingestionOpenApi: OpenApiInfo = {
  title: 'Vigil ingestion',
  description:
    'Agencies submit events (X-API-Key); SOC administrators manage the agency directory, read ingest ' +
    'health and replay dead letters (Authorization: Bearer <admin token>). Every 2xx on an input means ' +
    'Kafka has the data.',
};
