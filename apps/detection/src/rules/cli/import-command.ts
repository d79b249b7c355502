import { findRuleFiles } from '@vigil/sigma';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ImportFileResult } from '../application/import-rules.use-case';
import { flag, requiredFlag, type CliArgs } from './cli-args';
import { RulesApiClient } from './rules-api.client';

export const IMPORT_BATCH = 200;

type Print = (line: string) => void;

/** Posts every .yml under the directories to /v1/rules/import, 200 files a request. */
export async function runImport(args: CliArgs, out: Print, err: Print): Promise<number> {
  if (args.positional.length === 0) throw new Error('import needs a directory');
  const client = new RulesApiClient(
    flag(args, 'url') ?? 'http://127.0.0.1:8081',
    requiredFlag(args, 'token'),
  );
  let loaded = 0;
  let rejected = 0;
  let files = 0;
  for (const root of args.positional) {
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
