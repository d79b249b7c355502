import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Everything a pack directory holds: rule files by relative path, plus LICENSE, NOTICE.md, EXCLUDED.md. */
export interface RulePackContent {
  files: { relative: string; absolute: string }[];
  license: string;
  notice: string;
  excluded: string;
}

/** The file that marks a directory as a pack this command wrote (and may therefore replace). */
export const PACK_MARKER = 'NOTICE.md';

/**
 * Writes the pack beside `out` and then swaps it in with two renames, so a reader (a detection
 * instance starting, git) sees the old pack or the new one, never a half-written one (Node has no
 * rename-exchange; between the renames there is an instant with no pack). A directory that is not
 * a pack (no NOTICE.md) is never replaced: a mistyped --out must not wipe someone's rules.
 */
export function writeRulePack(out: string, content: RulePackContent): void {
  if (existsSync(out) && readdirSync(out).length > 0 && !existsSync(path.join(out, PACK_MARKER)))
    throw new Error(`--out ${out} exists and is not a rule pack (no ${PACK_MARKER}); refusing to replace it`);
  const parent = path.dirname(path.resolve(out));
  mkdirSync(parent, { recursive: true });
  const staging = path.join(parent, `.${path.basename(out)}.refresh-${process.pid}`);
  const previous = path.join(parent, `.${path.basename(out)}.previous-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const file of content.files) {
      const target = path.join(staging, ...file.relative.split('/'));
      mkdirSync(path.dirname(target), { recursive: true });
      // Copied byte for byte (each rule keeps its author field); written, not copied, so a
      // read-only source tree does not leave read-only files in the repository.
      writeFileSync(target, readFileSync(file.absolute));
    }
    mkdirSync(staging, { recursive: true });
    writeFileSync(path.join(staging, 'LICENSE'), content.license);
    writeFileSync(path.join(staging, 'EXCLUDED.md'), content.excluded);
    writeFileSync(path.join(staging, PACK_MARKER), content.notice);
    swap(staging, out, previous);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Two renames on one filesystem; if the second fails, the previous pack is put back. */
function swap(staging: string, out: string, previous: string): void {
  const hadPack = existsSync(out);
  if (hadPack) renameSync(out, previous);
  try {
    renameSync(staging, out);
  } catch (error) {
    if (hadPack) renameSync(previous, out);
    throw error;
  }
  if (hadPack) rmSync(previous, { recursive: true, force: true });
}
