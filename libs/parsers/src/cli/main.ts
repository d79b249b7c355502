#!/usr/bin/env node
import { runCli } from './run-cli';

runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`parse: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
