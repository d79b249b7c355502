import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseSigmaFile, type SigmaFileContent } from '../rule/sigma-document-parser';
import { SigmaRuleError } from '../rule/sigma-rule-error';

/** Sigma YAML files under the given files and directories (recursively), sorted. */
export function findRuleFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const root of paths) {
    if (statSync(root).isDirectory()) {
      for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
        if (entry.isFile() && /\.ya?ml$/i.test(entry.name))
          files.push(path.join(entry.parentPath, entry.name));
      }
    } else {
      files.push(root);
    }
  }
  return files.sort();
}

/** Reads and parses every Sigma file under `paths`; unreadable files become errors too. */
export function loadRuleFiles(paths: readonly string[]): SigmaFileContent & { files: number } {
  const content: SigmaFileContent & { files: number } = {
    rules: [],
    filters: [],
    correlations: [],
    errors: [],
    files: 0,
  };
  for (const file of findRuleFiles(paths)) {
    content.files++;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      content.errors.push(new SigmaRuleError(`cannot read file: ${(error as Error).message}`, '', file));
      continue;
    }
    const parsed = parseSigmaFile(text, file);
    content.rules.push(...parsed.rules);
    content.filters.push(...parsed.filters);
    content.correlations.push(...parsed.correlations);
    content.errors.push(...parsed.errors);
  }
  return content;
}
