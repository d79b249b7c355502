import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A SigmaHQ tree to take rules from: the directory holding `rules/`, its licence, and what it is. */
export interface RulePackSource {
  /** The directory that holds `rules/` (a checkout root, or the archive's top directory). */
  root: string;
  /** The repository's licence file, if the input has one (release zips have none). */
  license?: string;
  /** What the rules came from, for NOTICE.md: the SOURCE line, the archive name and digest. */
  label: string;
  /** Removes what opening it extracted. */
  close(): void;
}

// The repository's LICENSE (today a pointer to DRL 1.1); older checkouts held the DRL text itself.
const LICENSE_FILES = ['LICENSE', 'LICENSE.md', 'LICENSE.Detection.Rules.md'];

/** An unpacked checkout of SigmaHQ/sigma (or of a release archive). */
export function openRuleDirectory(dir: string): RulePackSource {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`--from ${dir}: not a directory`);
  const root = rulesRoot(dir, dir);
  return {
    root,
    license: licenseIn(root),
    label: sourceLine(root) ?? path.basename(path.resolve(dir)),
    close: () => {},
  };
}

/**
 * A SigmaHQ release archive (sigma_core.zip, sigma_all_rules.zip, or the source .zip/.tar.gz of
 * a release), extracted into a temporary directory with the system's tar, and unzip or else
 * python3's zipfile: no archive library is among Vigil's dependencies, and this runs rarely.
 */
export function openRuleArchive(file: string): RulePackSource {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new Error(`--archive ${file}: cannot read it (${(error as Error).message})`, { cause: error });
  }
  const format = archiveFormat(file);
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-rule-pack-'));
  const close = (): void => {
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    extract(file, format, dir);
    const root = rulesRoot(dir, file);
    const digest = createHash('sha256').update(bytes).digest('hex');
    const source = sourceLine(root);
    const top = root === dir ? '' : `${path.basename(root)}/ in `;
    const label = `${source ? `${source}, ` : ''}${top}${path.basename(file)} (sha256 ${digest})`;
    return { root, license: licenseIn(root), label, close };
  } catch (error) {
    close();
    throw error;
  }
}

type ArchiveFormat = 'zip' | 'tar';

/** By content, not by name: a zip starts with `PK`, a gzip with 1f 8b, a tar has `ustar` at 257. */
function archiveFormat(file: string): ArchiveFormat {
  const head = Buffer.alloc(262);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head[0] === 0x50 && head[1] === 0x4b) return 'zip';
  if ((head[0] === 0x1f && head[1] === 0x8b) || head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  throw new Error(`--archive ${file}: not a zip or tar archive`);
}

function extract(file: string, format: ArchiveFormat, dir: string): void {
  const run = (command: string, args: string[]): void => {
    execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 16 * 1024 * 1024 });
  };
  try {
    if (format === 'tar') run('tar', ['-xf', file, '-C', dir]);
    else if (hasCommand('unzip')) run('unzip', ['-q', '-o', file, '-d', dir]);
    else run('python3', ['-m', 'zipfile', '-e', file, dir]); // where unzip is not installed
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().replace(/\s+/g, ' ').trim();
    throw new Error(`--archive ${file}: cannot extract it (${stderr || (error as Error).message})`, {
      cause: error,
    });
  }
}

function hasCommand(command: string): boolean {
  try {
    execFileSync(command, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `rules/` at the top, or under the one top directory a release archive prefixes (sigma-r2025-…/). */
function rulesRoot(dir: string, input: string): string {
  if (isDirectory(path.join(dir, 'rules'))) return dir;
  const entries = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.name !== '__MACOSX');
  const top = entries.length === 1 && entries[0]?.isDirectory() ? path.join(dir, entries[0].name) : undefined;
  if (top && isDirectory(path.join(top, 'rules'))) return top;
  throw new Error(`${input}: holds no rules/ directory (expected rules/ or <top>/rules/)`);
}

function licenseIn(root: string): string | undefined {
  return LICENSE_FILES.map((name) => path.join(root, name)).find((file) => existsSync(file));
}

/** The SOURCE line a vendored copy carries ("SigmaHQ/sigma @ <commit> (<date>)"), if any. */
function sourceLine(root: string): string | undefined {
  const file = path.join(root, 'SOURCE');
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8').split('\n')[0]?.trim() || undefined;
}

function isDirectory(file: string): boolean {
  return existsSync(file) && statSync(file).isDirectory();
}
