import { openApiDocument } from '@vigil/observability';
import { testNamespace } from '@vigil/testing';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { incidentsOpenApi } from '../src/openapi-info';
import { startIncidents } from '../src/incidents/test/incidents-test-app';

// docs/openapi/incidents.json is the published contract of the incidents API; it must match the code.
// After an intended API change: VIGIL_UPDATE_OPENAPI=1 npm run test:int -- apps/incidents/test/openapi
const published = resolve(__dirname, '../../../docs/openapi/incidents.json');

it('docs/openapi/incidents.json describes the HTTP API the code serves', async () => {
  const incidents = await startIncidents(testNamespace('incidents-openapi'));
  try {
    const document = `${JSON.stringify(openApiDocument(incidents.app, incidentsOpenApi), null, 2)}\n`;
    if (process.env.VIGIL_UPDATE_OPENAPI === '1') writeFileSync(published, document);
    expect(readFileSync(published, 'utf8')).toBe(document);
    const paths = Object.keys((JSON.parse(document) as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/incidents',
        '/v1/incidents/{id}/reports',
        '/v1/incidents/{id}/evidence',
        '/v1/incidents/{id}/stix',
        '/v1/reports/{reportId}/send',
        '/v1/audit/{type}/{id}/verify',
      ]),
    );
  } finally {
    await incidents.close();
  }
}, 120_000);
