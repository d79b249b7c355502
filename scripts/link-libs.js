#!/usr/bin/env node
// After `tsc`: rewrites `require("@vigil/<lib>")` in dist/ to the relative path of that lib's
// compiled entry point, so the built services run with plain `node` (no path-mapping loader).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dist = path.resolve(__dirname, '..', 'dist');
const pattern = /require\("@vigil\/([a-z-]+)"\)/g;

function* jsFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* jsFiles(full);
    else if (entry.name.endsWith('.js')) yield full;
  }
}

let rewritten = 0;
for (const file of jsFiles(dist)) {
  const source = fs.readFileSync(file, 'utf8');
  const next = source.replace(pattern, (_, lib) => {
    const target = path.join(dist, 'libs', lib, 'src', 'index.js');
    if (!fs.existsSync(target))
      throw new Error(`${file}: @vigil/${lib} has no built entry point at ${target}`);
    let relative = path.relative(path.dirname(file), target).split(path.sep).join('/');
    if (!relative.startsWith('.')) relative = `./${relative}`;
    return `require("${relative}")`;
  });
  if (next !== source) {
    fs.writeFileSync(file, next);
    rewritten++;
  }
}
process.stderr.write(`link-libs: ${rewritten} files point at the built libs\n`);
