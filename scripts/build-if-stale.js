#!/usr/bin/env node
// Used by the `pre` scripts of the tools (sigma, parse, forwarder, rules:refresh): builds only
// when a source is newer than the last build, and says so on stderr only, because the tools'
// stdout is their output (`npm run -s parse … > events.ndjson`).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'dist', '.tsbuildinfo');
const sources = ['apps', 'libs', 'bench'];
const configs = ['tsconfig.base.json', 'tsconfig.build.json', 'package.json', 'scripts/link-libs.js'];

function newestIn(dir, newest) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = newestIn(full, newest);
    else if (entry.name.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(entry.name))
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function newestSource() {
  let newest = 0;
  for (const dir of sources) newest = newestIn(path.join(root, dir), newest);
  for (const file of configs) newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
  return newest;
}

function built() {
  try {
    return fs.statSync(stamp).mtimeMs;
  } catch {
    return -1;
  }
}

if (newestSource() > built()) {
  process.stderr.write('build: sources changed since the last build; building\n');
  const steps = [
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    [path.join(__dirname, 'link-libs.js')],
  ];
  for (const args of steps) {
    // The build's own output goes to stderr too.
    const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 2, 2] });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
  // tsc leaves its build info untouched when no output changed; mark this build as the latest.
  const now = new Date();
  fs.utimesSync(stamp, now, now);
}
