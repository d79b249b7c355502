#!/usr/bin/env node
import { processIo, runTool } from '@vigil/cli';
import { checkCommand } from './check-command';
import { scanCommand } from './scan-command';

void runTool(
  {
    name: 'sigma',
    summary: "Vigil's Sigma engine on the command line: check rules, scan events with them.",
    commands: { scan: scanCommand, check: checkCommand },
  },
  process.argv.slice(2),
  processIo(),
).then((code) => {
  process.exitCode = code;
});
