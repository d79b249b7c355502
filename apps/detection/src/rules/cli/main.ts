#!/usr/bin/env node
import { parseCliArgs } from './cli-args';
import { runImport } from './import-command';
import { runRefresh } from './refresh-command';
import { runTest } from './test-command';

const USAGE = `usage:
  vigil-rules import DIR... --token TOKEN [--url http://127.0.0.1:8081]
  vigil-rules test --rule FILE --events FILE.json|FILE.ndjson [--offline [--pipelines a,b]] [--url URL --token TOKEN]
  vigil-rules refresh --archive FILE.zip|FILE.tar.gz | --from DIR [--out apps/detection/rules/sigmahq]
      [--profile core|core+|all] [--sources windows,linux,web,network] [--pipelines a,b] [--license FILE] [--release TAG]`;

async function main(argv: readonly string[]): Promise<number> {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const err = (line: string): void => void process.stderr.write(`${line}\n`);
  try {
    const args = parseCliArgs(argv);
    switch (args.command) {
      case 'import':
        return await runImport(args, out, err);
      case 'test':
        return await runTest(args, out, err);
      case 'refresh':
        return runRefresh(args, out, err);
      case 'help':
      case undefined:
        err(USAGE);
        return 0;
      default:
        err(USAGE);
        return 2;
    }
  } catch (error) {
    err(`vigil-rules: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
