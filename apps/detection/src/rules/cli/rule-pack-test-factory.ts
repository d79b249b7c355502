import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Tests of the refresh command: a small SigmaHQ-like tree, packed the way releases are. */

export const DRL_LICENSE =
  '# Licenses\n\nThe rules are released under the [Detection Rule License (DRL) 1.1](https://github.com/SigmaHQ/Detection-Rule-License)\n';

const LOGSOURCES: Record<string, string> = {
  windows: 'category: process_creation\n    product: windows',
  linux: 'category: process_creation\n    product: linux',
  web: 'category: webserver',
  network: 'category: firewall',
};

let serial = 0;

/** A Sigma rule of the given status and level; `detection` replaces the default (indented 4). */
export function sigmaRuleText(
  options: { source?: string; status?: string; level?: string; id?: string; detection?: string } = {},
): string {
  serial++;
  const id = options.id ?? `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`;
  const detection =
    options.detection ??
    `    selection:\n        CommandLine|contains: 'evil-${serial}'\n    condition: selection`;
  return [
    `title: Test rule ${serial}`,
    `id: ${id}`,
    `status: ${options.status ?? 'test'}`,
    'author: Test Author',
    'logsource:',
    `    ${LOGSOURCES[options.source ?? 'windows'] ?? 'product: test'}`,
    'detection:',
    detection,
    `level: ${options.level ?? 'high'}`,
    '',
  ].join('\n');
}

/**
 * A release-like tree in a fresh temporary directory: `<top>/rules/<relative>` for each file,
 * plus LICENSE unless `license` is false. Returns the temporary directory and the tree's root.
 */
export function sigmaTree(
  files: Record<string, string>,
  options: { top?: string; license?: boolean } = {},
): { dir: string; root: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-rule-pack-spec-'));
  const root = options.top === undefined ? dir : path.join(dir, options.top);
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(root, 'rules', relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  if (options.license !== false) writeFileSync(path.join(root, 'LICENSE'), DRL_LICENSE);
  return { dir, root };
}

/** Packs `entries` (paths relative to `cwd`) with the system's zip (or python3's zipfile) or tar. */
export function packArchive(cwd: string, archive: string, entries: string[]): string {
  if (archive.endsWith('.tar.gz')) execFileSync('tar', ['-czf', archive, ...entries], { cwd });
  else {
    try {
      execFileSync('zip', ['-qr', archive, ...entries], { cwd });
    } catch {
      execFileSync('python3', ['-m', 'zipfile', '-c', archive, ...entries], { cwd });
    }
  }
  return archive;
}
