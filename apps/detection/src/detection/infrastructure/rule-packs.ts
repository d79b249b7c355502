import { existsSync } from 'node:fs';
import path from 'node:path';

/** The packs shipped with Vigil: its own correlation rules and the vendored SigmaHQ core rules. */
export const SHIPPED_RULE_PACKS = ['vigil', 'sigmahq'] as const;

// From the sources (apps/detection/src/detection/infrastructure) and from the build (dist/...).
const CANDIDATE_DIRS = [
  path.resolve(__dirname, '../../../rules'),
  path.resolve(__dirname, '../../../../../../apps/detection/rules'),
];

/**
 * The rule pack directories of `VIGIL_RULE_PACK_DIRS`: `default` means the shipped packs, `none`
 * none, anything else the directories listed.
 */
export function rulePackDirectories(setting: readonly string[]): string[] {
  if (setting.length === 1 && setting[0] === 'none') return [];
  if (setting.length !== 1 || setting[0] !== 'default') return [...setting];
  const root = CANDIDATE_DIRS.find((dir) => existsSync(path.join(dir, SHIPPED_RULE_PACKS[0])));
  if (!root) throw new Error(`shipped rule packs not found (looked in ${CANDIDATE_DIRS.join(', ')})`);
  return SHIPPED_RULE_PACKS.map((pack) => path.join(root, pack));
}
