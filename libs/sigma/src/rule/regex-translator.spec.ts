import { regexRequiredLiteral, translateRegex } from './regex-translator';

describe('translateRegex', () => {
  it.each([
    ['(?i)^cmd', [], 'i', 'CMD.exe', true],
    ['(?is)a.b', [], 'is', 'A\nB', true],
    ['^cmd', ['i'], 'i', 'CMD', true],
    ['(?P<x>ab)(?P=x)', [], '', 'abab', true],
    ['\\Aabc\\Z', [], '', 'abc', true],
  ])('%s with %j', (pattern, flags, expectedFlags, value, expected) => {
    const regex = translateRegex(pattern, flags, 'p');
    expect(regex.flags).toBe(expectedFlags);
    expect(regex.test(value)).toBe(expected);
  });

  it('rejects inline flags in the middle of a pattern', () => {
    expect(() => translateRegex('a(?i)b', [], 'p')).toThrow(
      'inline regex flags are only supported at the start',
    );
  });
});

describe('regexRequiredLiteral', () => {
  it.each([
    ['\\w+`(?:\\w+|-|.)`[\\w+|\\s]', '`'],
    ['"(?:\\{\\d\\})+"\\s*-f', '-f'],
    ['abc|def', null],
    ['(abc|def)xyz', 'xyz'],
    ['a+bcd', 'bcd'],
    ['foo\\.exe\\s', 'foo.exe'],
    ['\\x41bc', 'bc'],
    ['[a-z]+\\.php\\?id=', '.php?id='],
    ['ab?c', 'a'],
  ])('%s needs %j', (pattern, literal) => {
    expect(regexRequiredLiteral(pattern)).toBe(literal);
  });
});
