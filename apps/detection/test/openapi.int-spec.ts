import { openApiDocument } from '@vigil/observability';
import { testNamespace } from '@vigil/testing';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { detectionOpenApi } from '../src/openapi-info';
import { startDetection } from './detection-app';

// docs/openapi/detection.json is the published contract of the rule API; it must match the code.
// After an intended API change: VIGIL_UPDATE_OPENAPI=1 npm run test:int -- apps/detection/test/openapi
const published = resolve(__dirname, '../../../docs/openapi/detection.json');

it('docs/openapi/detection.json describes the HTTP API the code serves', async () => {
  const app = await startDetection(testNamespace('detection-openapi'));
  try {
    const document = `${JSON.stringify(openApiDocument(app, detectionOpenApi), null, 2)}\n`;
    if (process.env.VIGIL_UPDATE_OPENAPI === '1') writeFileSync(published, document);
    expect(readFileSync(published, 'utf8')).toBe(document);
    const paths = Object.keys((JSON.parse(document) as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/v1/rules', '/v1/rules/{id}', '/v1/rules/test', '/v1/rules/import']),
    );
  } finally {
    await app.close();
  }
});
