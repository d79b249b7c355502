import { matches, rejection } from './test-rule-factory';

const selection = (body: string): string =>
  `selection:\n${body
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')}\ncondition: selection`;

describe('wildcards and escaping (rules spec, "Escape Character")', () => {
  it.each([
    ['* matches any run', "Image: 'C:*cmd.exe'", 'C:\\Windows\\System32\\cmd.exe', true],
    ['? matches one character', "Image: 'prog?.exe'", 'progA.exe', true],
    ['? needs exactly one', "Image: 'prog?.exe'", 'prog.exe', false],
    ['\\* is a plain star', "Image: 'a\\*b'", 'a*b', true],
    ['\\* does not wildcard', "Image: 'a\\*b'", 'axxb', false],
    ['\\? is a plain question mark', "Image: 'a\\?b'", 'a?b', true],
    ['\\\\* is a backslash then a wildcard', "Image: 'C:\\\\*'", 'C:\\Windows', true],
    ['\\\\* needs the backslash', "Image: 'C:\\\\*'", 'C:Windows', false],
    ['\\\\\\* is a backslash and a plain star', "Image: 'C:\\\\\\*'", 'C:\\*', true],
    ['\\\\\\* does not wildcard', "Image: 'C:\\\\\\*'", 'C:\\Windows', false],
    ['single backslash is plain', "Image: 'C:\\Windows'", 'C:\\Windows', true],
    ['double backslash is one backslash', "Image: 'C:\\\\Windows'", 'C:\\Windows', true],
    ['four backslashes are two', "Image: '\\\\\\\\server'", '\\\\server', true],
    ['three backslashes are two', "Image: '\\\\\\server'", '\\\\server', true],
    ['matching is case-insensitive', "Image: 'CMD.EXE'", 'cmd.exe', true],
    ['regex characters are literal', "Image: 'a.b(c)'", 'axb(c)', false],
    ['the empty string', "Image: ''", '', true],
    ['the empty string is not a missing value', "Image: ''", undefined, false],
  ])('%s', (_name, body, value, expected) => {
    const event = value === undefined ? {} : { Image: value };
    expect(matches(selection(body), event)).toBe(expected);
  });
});

describe('values and types', () => {
  it.each([
    ['number rule value vs number', 'EventID: 4688', { EventID: 4688 }, true],
    ['number rule value vs numeric string', 'EventID: 4688', { EventID: '4688' }, true],
    ['number rule value vs other number', 'EventID: 4688', { EventID: 46880 }, false],
    ['leading zeros stay a string (YAML 00000429)', 'Status: 00000429', { Status: '00000429' }, true],
    ['leading zeros are not 429', 'Status: 00000429', { Status: 429 }, false],
    ['hex stays text', 'Flags: 0x10', { Flags: '0x10' }, true],
    ['quoted number vs number', "EventID: '4688'", { EventID: 4688 }, true],
    ['list is OR', 'EventID: [1, 2, 3]', { EventID: 2 }, true],
    ['map is AND', 'EventID: 1\nImage|endswith: .exe', { EventID: 1, Image: 'x.dll' }, false],
    ['null matches a missing field', 'PasswordLastSet: null', {}, true],
    ['null matches a null field', 'PasswordLastSet: null', { PasswordLastSet: null }, true],
    ['null does not match a value', 'PasswordLastSet: null', { PasswordLastSet: '' }, false],
    ['array event values: any element', "Tags: 'b'", { Tags: ['a', 'b'] }, true],
    ['boolean value', 'Enabled: true', { Enabled: true }, true],
    ['dotted field reaches nested objects', "source.ip: '10.0.0.1'", { source: { ip: '10.0.0.1' } }, true],
    ['dotted field matches a literal dotted key', "source.ip: '10.0.0.1'", { 'source.ip': '10.0.0.1' }, true],
    [
      'dotted field through arrays',
      "answers.data: 'evil.com'",
      { answers: [{ data: 'good.com' }, { data: 'evil.com' }] },
      true,
    ],
  ])('%s', (_name, body, event, expected) => {
    expect(matches(selection(body), event)).toBe(expected);
  });
});

describe('keywords', () => {
  it.each([
    [
      'a keyword list is OR',
      "keywords:\n    - 'event::clear'\n    - 'event::drop'\ncondition: keywords",
      { message: 'mimikatz event::drop' },
      true,
    ],
    [
      'keywords search nested strings',
      "keywords:\n    - 'evil'\ncondition: keywords",
      { a: { b: ['x', 'an EVIL thing'] } },
      true,
    ],
    ['keywords miss', "keywords:\n    - 'evil'\ncondition: keywords", { message: 'fine' }, false],
    [
      '|all on keywords is AND',
      "keywords:\n    '|all':\n        - 'OabVirtualDirectory'\n        - ' -ExternalUrl '\ncondition: keywords",
      { message: 'Set-OabVirtualDirectory -ExternalUrl http://x' },
      true,
    ],
    [
      '|all on keywords needs every one',
      "keywords:\n    '|all':\n        - 'OabVirtualDirectory'\n        - ' -ExternalUrl '\ncondition: keywords",
      { message: 'Set-OabVirtualDirectory' },
      false,
    ],
    [
      'keywords with wildcards',
      "keywords:\n    - 'fail*root'\ncondition: keywords",
      { message: 'auth failure for root' },
      true,
    ],
  ])('%s', (_name, detection, event, expected) => {
    expect(matches(detection, event)).toBe(expected);
  });
});

describe('rejected detections', () => {
  it.each([
    [
      'unknown identifier in condition',
      'selection:\n    A: 1\ncondition: selection and other',
      "unknown search identifier 'other'",
    ],
    [
      'pattern matching nothing',
      'selection:\n    A: 1\ncondition: 1 of filter*',
      'matches no search identifier',
    ],
    ['aggregation', 'selection:\n    A: 1\ncondition: selection | count() > 5', 'correlation rule'],
    ['unbalanced parentheses', 'selection:\n    A: 1\ncondition: (selection', "missing ')'"],
    ['missing condition', 'selection:\n    A: 1', 'detection.condition: is required'],
    ['a map as a field value', 'selection:\n    A:\n        B: 1\ncondition: selection', 'cannot be a map'],
  ])('%s', (_name, detection, reason) => {
    expect(rejection(detection)).toContain(reason);
  });
});
