import { existsSync } from 'node:fs';
import path from 'node:path';
import { rulePackDirectories } from './rule-packs';

describe('rulePackDirectories', () => {
  it('finds the shipped packs by default', () => {
    const dirs = rulePackDirectories(['default']);
    expect(dirs.map((dir) => path.basename(dir))).toEqual(['vigil', 'sigmahq']);
    for (const dir of dirs)
      expect(existsSync(path.join(dir, dir.endsWith('sigmahq') ? 'NOTICE.md' : 'ssh.yml'))).toBe(true);
  });

  it('loads nothing with none, and a list as given', () => {
    expect(rulePackDirectories(['none'])).toEqual([]);
    expect(rulePackDirectories(['/a/rules', 'b'])).toEqual(['/a/rules', 'b']);
  });
});
