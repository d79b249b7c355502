import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSigmaFile } from './sigma-document-parser';

// SigmaHQ rule sets (DRL 1.1), read in place from the shared folder beside the repo.
const SIGMA_DATA = path.resolve(__dirname, '../../../..', '../shared/data/sigma');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('SigmaHQ rule sets', () => {
  it.each(['rules', 'rules-emerging-threats', 'rules-threat-hunting'])('loads every rule of %s', (set) => {
    const files = yamlFiles(path.join(SIGMA_DATA, set));
    const errors: string[] = [];
    let rules = 0;
    for (const file of files) {
      const content = parseSigmaFile(readFileSync(file, 'utf8'), path.relative(SIGMA_DATA, file));
      rules += content.rules.length;
      errors.push(...content.errors.map((error) => error.message));
    }
    expect(errors).toEqual([]);
    expect(rules).toBeGreaterThan(100);
  });
});
