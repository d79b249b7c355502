import { parseSigmaFile } from './sigma-document-parser';
import { YAML_LIMITS } from './yaml-document';

const rule = (detection: string, extra = '') =>
  `title: T\nid: 11111111-1111-4111-8111-111111111111\nlogsource:\n    product: windows\ndetection:\n${detection}\n${extra}`;

function errorsOf(text: string): string[] {
  return parseSigmaFile(text, 'r.yml').errors.map((error) => error.message);
}

/** `levels` anchors, each a list of `width` aliases of the previous one: width^levels nodes. */
function aliasBomb(levels: number, width: number): string {
  const lines = ['a0: &a0 [x]'];
  for (let level = 1; level <= levels; level++)
    lines.push(
      `a${level}: &a${level} [${Array(width)
        .fill(`*a${level - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n${rule('    selection:\n        Image: x\n    condition: selection')}`;
}

describe('bounded YAML', () => {
  it('refuses an alias bomb at once instead of expanding it (10^9 nodes)', () => {
    expect(errorsOf(aliasBomb(9, 10))).toEqual([
      expect.stringContaining(`the document uses more than ${YAML_LIMITS.maxAliases} YAML aliases`),
    ]);
  });

  it('refuses a document that expands past the node limit through a few aliases', () => {
    const items = Array(30_000).fill('x').join(', ');
    const text = `big: &big [${items}]\nagain: [*big, *big]\n${rule('    selection:\n        Image: x\n    condition: selection')}`;
    expect(errorsOf(text)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^r\\.yml: again\\[0\\]\\[\\d+\\]: the document expands to more than ${YAML_LIMITS.maxNodes} YAML nodes$`,
        ),
      ),
    ]);
  });

  it('refuses, before parsing it, a text with more YAML indicators than any rule needs', () => {
    const tags = `tags: ${'!t '.repeat(YAML_LIMITS.maxIndicators)}x`;
    expect(errorsOf(rule('    selection:\n        Image: x\n    condition: selection', tags))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^r\\.yml: the YAML text holds \\d+ line breaks and indicators; at most ${YAML_LIMITS.maxIndicators} are accepted$`,
        ),
      ),
    ]);
  });

  it('refuses a key that appears twice, naming it', () => {
    expect(
      errorsOf(rule('    selection:\n        Image: x\n        Image: y\n    condition: selection')),
    ).toEqual(["r.yml: detection.selection.Image: invalid YAML: the key 'Image' appears twice"]);
  });

  it('refuses text over the size limit and nesting over the depth limit', () => {
    expect(errorsOf(`title: ${'a'.repeat(YAML_LIMITS.maxLength)}`)).toEqual([
      `r.yml: the YAML text is ${YAML_LIMITS.maxLength + 7} characters long; at most ${YAML_LIMITS.maxLength} are accepted`,
    ]);
    const nested = `${'['.repeat(YAML_LIMITS.maxDepth + 1)}x${']'.repeat(YAML_LIMITS.maxDepth + 1)}`;
    expect(
      errorsOf(rule('    selection:\n        Image: x\n    condition: selection', `tags: ${nested}`)),
    ).toEqual([expect.stringContaining(`the document nests deeper than ${YAML_LIMITS.maxDepth} levels`)]);
  });

  it('still expands a few aliases, as YAML allows', () => {
    const text = rule(
      '    selection:\n        Image: &image C:\\x.exe\n        ParentImage: *image\n    condition: selection',
    );
    const { rules, errors } = parseSigmaFile(text, 'r.yml');
    expect(errors).toEqual([]);
    expect(rules[0].detection.searches.get('selection')?.alternatives[0].map((c) => c.values)).toEqual([
      ['C:\\x.exe'],
      ['C:\\x.exe'],
    ]);
  });

  it.each([
    [
      'a __proto__ search hiding the condition',
      rule('    __proto__:\n        condition: selection\n    selection:\n        Image: x'),
      'r.yml: detection.__proto__',
    ],
    [
      'a constructor field with modifiers',
      rule('    selection:\n        constructor|contains: x\n    condition: selection'),
      'r.yml: detection.selection.constructor|contains',
    ],
    [
      'a prototype part of a dotted field name',
      rule('    selection:\n        process.prototype.name: x\n    condition: selection'),
      'r.yml: detection.selection.process.prototype.name',
    ],
    [
      'a __proto__ key in a list of maps',
      rule('    selection:\n        - __proto__: x\n    condition: selection'),
      'r.yml: detection.selection[0].__proto__',
    ],
    [
      'a __proto__ key outside detection',
      rule('    selection:\n        Image: x\n    condition: selection', 'custom:\n    __proto__: {}'),
      'r.yml: custom.__proto__',
    ],
  ])('refuses %s, naming its path', (_, text, where) => {
    const [message] = errorsOf(text);
    expect(message).toMatch(/: the key '[^']+' is refused: it names an object prototype$/);
    expect(message.startsWith(`${where}: `)).toBe(true);
  });

  it('names the document of a multi-document file', () => {
    const good = rule('    selection:\n        Image: x\n    condition: selection');
    expect(errorsOf(`${good}---\n${rule('    __proto__: {}\n    condition: x')}`)).toEqual([
      "r.yml#1: detection.__proto__: the key '__proto__' is refused: it names an object prototype",
    ]);
  });
});
