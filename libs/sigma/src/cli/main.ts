#!/usr/bin/env node
import { runCheck } from './check-command';
import { parseCliArgs } from './cli-args';
import { runScan } from './scan-command';

const USAGE = `usage:
  sigma scan --rules PATH... --events FILE... [--pipeline NAME...] [--placeholder NAME=V1,V2...] [--unmapped evaluate|skip]
  sigma check --rules PATH... [--pipeline NAME...] [--placeholder NAME=V1,V2...]`;

async function main(argv: readonly string[]): Promise<number> {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const err = (line: string): void => void process.stderr.write(`${line}\n`);
  try {
    const args = parseCliArgs(argv);
    switch (args.command) {
      case 'scan':
        return await runScan(args, out, err);
      case 'check':
        return runCheck(args, out);
      case 'help':
      case undefined:
      default:
        err(USAGE);
        return args.command === 'help' ? 0 : 2;
    }
  } catch (error) {
    err(`sigma: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
