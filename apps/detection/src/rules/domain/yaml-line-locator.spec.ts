import { locatePath } from './yaml-line-locator';

const text = [
  'title: x', // 1
  'detection:', // 2
  '  selection:', // 3
  '    process.name: a', // 4
  '    process.name|re: b', // 5
  '  alternatives:', // 6
  '    - User: a', // 7
  '    - User|re: "(?x)"', // 8
  '  condition: selection', // 9
  '---',
  'title: second', // 11
  'correlation:', // 12
  '  timespan: forever', // 13
].join('\n');

describe('locatePath', () => {
  it.each([
    ['detection', 2],
    ['detection.selection', 3],
    ['detection.selection.process.name', 4],
    ['detection.selection.process.name|re', 5],
    ['detection.alternatives[1].User|re', 8],
    ['detection.condition', 9],
    ['detection.selection.missing', 3],
    ['(document)', 1],
  ])('%s is on line %d', (path, line) => {
    expect(locatePath(text, 0, path)?.line).toBe(line);
  });

  it('looks in the requested document', () => {
    expect(locatePath(text, 1, 'correlation.timespan')?.line).toBe(13);
    expect(locatePath(text, 5, 'x')).toBeUndefined();
  });
});
