// Lets a worker thread started from the TypeScript sources (in the tests, which jest runs from
// src/ through swc) load TypeScript: .ts files are compiled as they are required, with the same
// swc settings as jest.config.js, and `@vigil/<lib>` resolves to that lib's src/index.ts. The
// built services never load it: their workers are the compiled .js files in dist/.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..', '..', '..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const lib = /^@vigil\/([a-z-]+)$/.exec(request);
  const target = lib ? path.join(root, 'libs', lib[1], 'src', 'index.ts') : request;
  return resolveFilename.call(this, target, ...rest);
};

require.extensions['.ts'] = function (module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
