import { regexRequiredLiteral, translateRegex } from './regex-translator';

describe('translateRegex', () => {
  it.each([
    ['(?i)^cmd', [], 'i', 'CMD.exe', true],
    ['(?is)a.b', [], 'is', 'A\nB', true],
    ['a.b', [], '', 'a\nb', false],
    ['^cmd', ['i'], 'i', 'CMD', true],
    ['^b$', ['m'], 'm', 'a\nb\nc', true],
    ['^b$', [], '', 'a\nb\nc', false],
    ['(?P<x>ab)c', [], '', 'abc', true],
    ['\\Aabc\\Z', [], '', 'abc', true],
    ['\\Aabc\\Z', [], '', 'abc\n', false],
    ['a(?i)b', [], '', 'aB', true],
    ['a(?i)b', [], '', 'AB', false],
    ['[\\w\\\\]+\\.exe', ['i'], 'i', 'C:\\Tools\\X.EXE', true],
  ])('%s with %j', (pattern, flags, expectedFlags, value, expected) => {
    const regex = translateRegex(pattern, flags, 'p');
    expect(regex.flags).toBe(expectedFlags);
    expect(regex.test(value)).toBe(expected);
  });

  it('runs a trailing lookahead and a leading lookbehind as plain text (same answer to "does it match")', () => {
    const ahead = translateRegex('cmd(?=\\.exe)', [], 'p');
    expect(ahead.source).toBe('cmd(?:\\.exe)');
    expect([ahead.test('cmd.exe'), ahead.test('cmd.com')]).toEqual([true, false]);
    const behind = translateRegex('(?<=\\\\)cmd|powershell', ['i'], 'p');
    expect([behind.test('C:\\cmd'), behind.test('xcmd'), behind.test('PowerShell')]).toEqual([
      true,
      false,
      true,
    ]);
  });

  it.each([
    ['(?P<x>ab)(?P=x)', 'backreference'],
    ['(a)\\1', 'backreference'],
    ['(?<x>a)\\k<x>', 'backreference'],
    ['a(?!b)', 'negative lookahead'],
    ['a(?=b)c', 'lookahead'],
    ['(x(?=b))', 'lookahead'],
    ['b(?<!a)', 'negative lookbehind'],
    ['a(?<=b)', 'lookbehind'],
  ])('refuses %s: a %s cannot run in linear time', (pattern, kind) => {
    expect(() => translateRegex(pattern, [], 'detection.selection.CommandLine|re')).toThrow(
      `detection.selection.CommandLine|re: regular expression uses a ${kind}, which cannot run in linear time (RE2)`,
    );
  });

  it('keeps brackets, parentheses and backslashes inside classes out of the lookaround scan', () => {
    expect(translateRegex('[(?=]x\\(\\?!', [], 'p').test('=x(?!')).toBe(true);
  });

  it('refuses an invalid pattern and the verbose flag with the reason', () => {
    expect(() => translateRegex('a(b', [], 'p')).toThrow('p: invalid regular expression: missing )');
    expect(() => translateRegex('(?x)a b', [], 'p')).toThrow('unsupported verbose flag');
  });

  it('answers in linear time where a backtracking engine takes seconds to hours', () => {
    const nested = translateRegex('(a+)+$', [], 'p');
    const started = performance.now();
    expect(nested.test(`${'a'.repeat(50_000)}!`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
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
