import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Pipeline } from '../pipeline/pipeline';
import { parsePipeline } from '../pipeline/pipeline-parser';

/** The pipelines that map Sigma rules onto Vigil's normalized events (the CLI default). */
export const DEFAULT_PIPELINES = ['windows', 'linux', 'macos', 'web', 'firewall', 'zeek'] as const;

// From the sources (libs/sigma/src/loader) and from the build (dist/libs/sigma/src/loader).
const CANDIDATE_DIRS = [
  path.resolve(__dirname, '../../pipelines'),
  path.resolve(__dirname, '../../../../../libs/sigma/pipelines'),
];

export function pipelineDirectory(): string {
  const found = CANDIDATE_DIRS.find((dir) => existsSync(dir));
  if (!found) throw new Error(`pipeline directory not found (looked in ${CANDIDATE_DIRS.join(', ')})`);
  return found;
}

export function availablePipelines(): string[] {
  return readdirSync(pipelineDirectory())
    .filter((file) => file.endsWith('.yml'))
    .map((file) => file.slice(0, -4))
    .sort();
}

/** Loads shipped pipelines by name, or pipeline files by path (anything ending in .yml). */
export function loadPipelines(names: readonly string[]): Pipeline[] {
  return names.map((name) => {
    const file = name.endsWith('.yml') ? name : path.join(pipelineDirectory(), `${name}.yml`);
    if (!existsSync(file))
      throw new Error(`unknown pipeline '${name}' (available: ${availablePipelines().join(', ')})`);
    return parsePipeline(readFileSync(file, 'utf8'), file);
  });
}
