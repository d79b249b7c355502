import type { OpenApiInfo } from '@vigil/observability';

export const ingestionOpenApi: OpenApiInfo = {
  title: 'Vigil ingestion',
  description:
    'Agencies submit events with their machine key (X-API-Key). People and services sign in here ' +
    '(/v1/auth: login, refresh, personal API tokens) and call every Vigil API with Authorization: Bearer ' +
    "<token>; each route names the permission it needs, and agency data is limited to the caller's agency " +
    'scope. The SOC manages the agency directory and accounts, reads ingest health and replays dead letters. ' +
    'Every 2xx on an input means Kafka has the data.',
};
