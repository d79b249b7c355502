import { openApiDocument } from '@vigil/observability';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ingestionOpenApi } from '../src/openapi-info';
import { startIngestion } from './ingestion-app';

// docs/openapi/ingestion.json is the published contract of the HTTP API; it must match the code.
// After an intended API change: VIGIL_UPDATE_OPENAPI=1 npm run test:int -- apps/ingestion/test/openapi
const published = resolve(__dirname, '../../../docs/openapi/ingestion.json');

it('docs/openapi/ingestion.json describes the HTTP API the code serves', async () => {
  const ingestion = await startIngestion('openapi');
  try {
    const document = `${JSON.stringify(openApiDocument(ingestion.app, ingestionOpenApi), null, 2)}\n`;
    if (process.env.VIGIL_UPDATE_OPENAPI === '1') writeFileSync(published, document);
    expect(readFileSync(published, 'utf8')).toBe(document);
    const paths = Object.keys((JSON.parse(document) as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/v1/events', '/v1/events/raw', '/v1/agencies', '/v1/dead-letters/replay']),
    );
  } finally {
    await ingestion.close();
  }
});
