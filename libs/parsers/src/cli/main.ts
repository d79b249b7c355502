#!/usr/bin/env node
import { processIo } from '@vigil/cli';
import { parseCommand } from './run-cli';

void parseCommand.invoke(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
