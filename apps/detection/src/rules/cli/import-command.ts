import { defineCommand, UsageError } from '@vigil/cli';
import { findRuleFiles } from '@vigil/sigma';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ImportFileResult } from '../application/import-rules.use-case';
import { RulesApiClient } from './rules-api.client';

export const IMPORT_BATCH = 200;

type Print = (line: string) => void;

/** Posts every .yml under the directories to /v1/rules/import, 200 files a request. */
export const importCommand = defineCommand(
  {
    name: 'vigil-rules import',
    usage: 'DIR... --token TOKEN [--url URL]',
    summary: "Imports every rule file under the directories through the detection service's API.",
    details:
      'Prints each rejected rule with its reason on stderr and a count on stdout; exit code 1 when any was rejected.',
    positionals: { placeholder: 'DIR...', description: 'directories searched for .yml rules' },
    options: {
      token: {
        type: 'string',
        required: true,
        placeholder: 'TOKEN',
        description: 'a personal API token of a rule author',
      },
      url: {
        type: 'string',
        placeholder: 'URL',
        description: 'the detection service (default http://127.0.0.1:8081)',
      },
    },
  },
  ({ values, positionals }, io) =>
    runImport(
      positionals,
      new RulesApiClient(values.url ?? 'http://127.0.0.1:8081', values.token),
      (line) => void io.stdout.write(`${line}\n`),
      (line) => void io.stderr.write(`${line}\n`),
    ),
);

async function runImport(
  roots: readonly string[],
  client: RulesApiClient,
  out: Print,
  err: Print,
): Promise<number> {
  if (roots.length === 0) throw new UsageError('import needs a directory');
  let loaded = 0;
  let rejected = 0;
  let files = 0;
  for (const root of roots) {
    const found = findRuleFiles([root]);
    for (let start = 0; start < found.length; start += IMPORT_BATCH) {
      const batch = found.slice(start, start + IMPORT_BATCH).map((file) => ({
        path: path.relative(root, file) || path.basename(file),
        content: readFileSync(file, 'utf8'),
      }));
      const result = await client.post<{ files: ImportFileResult[] }>('/v1/rules/import', { files: batch });
      for (const file of result.files) {
        files++;
        loaded += file.loaded.length;
        for (const rejection of file.rejected) {
          rejected++;
          const document = rejection.document > 0 ? `#${rejection.document}` : '';
          err(`${path.join(root, file.path)}${document}: ${rejection.reason}`);
        }
      }
    }
  }
  out(`${files} files: ${loaded} rules loaded, ${rejected} rejected`);
  return rejected > 0 ? 1 : 0;
}
