import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/**
 * The version in the project's package.json, found by walking up from this file, so it is the
 * same whether the tool runs from dist/ (npm run, npx bin) or from the sources (tests).
 */
export function toolVersion(): string {
  if (cached !== undefined) return cached;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'vigil' && typeof manifest.version === 'string') {
        cached = manifest.version;
        return cached;
      }
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
