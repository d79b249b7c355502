#!/usr/bin/env node
import { processIo, runTool } from '@vigil/cli';
import { importCommand } from './import-command';
import { refreshCommand } from './refresh-command';
import { testCommand } from './test-command';

void runTool(
  {
    name: 'vigil-rules',
    summary:
      'Manages detection rules from the command line: import, try, and refresh the vendored SigmaHQ pack.',
    commands: { import: importCommand, test: testCommand, refresh: refreshCommand },
  },
  process.argv.slice(2),
  processIo(),
).then((code) => {
  process.exitCode = code;
});
