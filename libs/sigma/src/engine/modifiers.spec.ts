import { matches, rejection } from './test-rule-factory';

// One row per modifier case of the modifiers appendix (v2.1): detection, event, expected.
const detection = (field: string, value: string): string =>
  `selection:\n    ${field}: ${value}\ncondition: selection`;

// fieldref with a position (pySigma): the field's value starts with, ends with or contains the
// referenced field's value, ignoring case unless cased.
const process = { CommandLine: '"C:\\Tools\\Run.exe" --quiet', Image: 'c:\\tools\\run.exe' };
const fieldrefPositions: [string, string, string, Record<string, unknown>, boolean][] = [
  [
    'fieldref|startswith',
    'CommandLine|fieldref|startswith',
    'Image',
    { ...process, CommandLine: 'C:\\TOOLS\\run.exe -q' },
    true,
  ],
  ['fieldref|startswith miss', 'CommandLine|fieldref|startswith', 'Image', process, false],
  [
    'fieldref|endswith',
    'Image|fieldref|endswith',
    'Name',
    { Image: 'C:\\x\\Run.exe', Name: 'run.EXE' },
    true,
  ],
  [
    'fieldref|endswith miss',
    'Image|fieldref|endswith',
    'Name',
    { Image: 'C:\\run.exe.bak', Name: 'run.exe' },
    false,
  ],
  ['fieldref|contains', 'CommandLine|fieldref|contains', 'Image', process, true],
  [
    'fieldref|contains miss',
    'CommandLine|fieldref|contains',
    'Image',
    { ...process, Image: 'c:\\other.exe' },
    false,
  ],
  [
    'fieldref|startswith|endswith is contains',
    'CommandLine|fieldref|startswith|endswith',
    'Image',
    process,
    true,
  ],
  ['fieldref|contains|cased', 'CommandLine|fieldref|contains|cased', 'Image', process, false],
  [
    'fieldref|cased|contains',
    'CommandLine|cased|fieldref|contains',
    'Image',
    { ...process, Image: 'Run.exe' },
    true,
  ],
  [
    'fieldref|contains|neq',
    'CommandLine|fieldref|contains|neq',
    'Image',
    { ...process, Image: 'cmd.exe' },
    true,
  ],
  ['fieldref|contains|neq hit', 'CommandLine|fieldref|contains|neq', 'Image', process, false],
  [
    'fieldref|contains, referenced field missing',
    'CommandLine|fieldref|contains',
    'Image',
    { CommandLine: 'x' },
    false,
  ],
  [
    'fieldref|contains on a list',
    'Args|fieldref|contains',
    'Image',
    { Args: ['-q', 'c:\\tools\\run.exe x'], Image: 'run.exe' },
    true,
  ],
  ['fieldref|endswith a number', 'Port|fieldref|endswith', 'Suffix', { Port: 8443, Suffix: '443' }, true],
];

describe('value modifiers', () => {
  it.each([
    ['contains', 'CommandLine|contains', "'whoami'", { CommandLine: 'cmd /c WHOAMI /all' }, true],
    ['contains miss', 'CommandLine|contains', "'whoami'", { CommandLine: 'cmd /c dir' }, false],
    ['startswith', 'Image|startswith', "'C:\\Windows\\'", { Image: 'c:\\windows\\system32\\cmd.exe' }, true],
    ['startswith miss', 'Image|startswith', "'C:\\Windows\\'", { Image: 'D:\\C:\\Windows\\' }, false],
    ['endswith', 'Image|endswith', "'\\cmd.exe'", { Image: 'C:\\Windows\\System32\\CMD.EXE' }, true],
    ['endswith miss', 'Image|endswith', "'\\cmd.exe'", { Image: 'C:\\cmd.exe.bak' }, false],
    [
      'all',
      'CommandLine|contains|all',
      "['-enc', 'hidden']",
      { CommandLine: 'powershell -w hidden -enc AAA' },
      true,
    ],
    [
      'all partial',
      'CommandLine|contains|all',
      "['-enc', 'hidden']",
      { CommandLine: 'powershell -enc AAA' },
      false,
    ],
    ['cased', 'Image|cased', "'CMD.exe'", { Image: 'cmd.exe' }, false],
    ['cased exact', 'Image|cased', "'CMD.exe'", { Image: 'CMD.exe' }, true],
    ['cased contains', 'Image|contains|cased', "'Temp'", { Image: 'C:\\temp\\x' }, false],
    ['neq', 'User|neq', "'SYSTEM'", { User: 'alice' }, true],
    ['neq equal', 'User|neq', "'SYSTEM'", { User: 'system' }, false],
    ['neq missing field', 'User|neq', "'SYSTEM'", {}, false],
    ['neq list', 'User|neq', "['SYSTEM', 'LOCAL SERVICE']", { User: 'local service' }, false],
    ['exists true', 'PasswordLastSet|exists', 'true', { PasswordLastSet: '' }, true],
    ['exists true on null', 'PasswordLastSet|exists', 'true', { PasswordLastSet: null }, true],
    ['exists true missing', 'PasswordLastSet|exists', 'true', {}, false],
    ['exists false', 'PasswordLastSet|exists', 'false', {}, true],
    ['exists false present', 'PasswordLastSet|exists', 'false', { PasswordLastSet: 'x' }, false],
    ['windash dash', 'CommandLine|windash|contains', "' -exec '", { CommandLine: 'x /exec y' }, true],
    ['windash en dash', 'CommandLine|windash|contains', "' -exec '", { CommandLine: 'x \u2013exec y' }, true],
    ['windash em dash and bar', 'CommandLine|contains|windash', "'-f'", { CommandLine: 'x \u2015f' }, true],
    [
      'windash keeps inner dashes',
      'CommandLine|windash|contains',
      "'Invoke-Expression'",
      { CommandLine: 'Invoke/Expression' },
      false,
    ],
    ['re', 'CommandLine|re', "'^cmd\\.exe /c [a-z]+$'", { CommandLine: 'cmd.exe /c dir' }, true],
    ['re is case-sensitive', 'CommandLine|re', "'^cmd'", { CommandLine: 'CMD.exe' }, false],
    ['re|i', 'CommandLine|re|i', "'^cmd'", { CommandLine: 'CMD.exe' }, true],
    ['re (?i) inline flag', 'CommandLine|re', "'(?i)^cmd'", { CommandLine: 'CMD.exe' }, true],
    ['re|m', 'Message|re|m', "'^second$'", { Message: 'first\nsecond\nthird' }, true],
    ['re without m', 'Message|re', "'^second$'", { Message: 'first\nsecond\nthird' }, false],
    ['re|s', 'Message|re|s', "'first.second'", { Message: 'first\nsecond' }, true],
    ['re without s', 'Message|re', "'first.second'", { Message: 'first\nsecond' }, false],
    ['base64', 'Payload|base64', "'cmd'", { Payload: 'Y21k' }, true],
    ['base64|contains', 'Payload|base64|contains', "'http://'", { Payload: 'xx aHR0cDovLw== yy' }, true],
    [
      'base64offset shift 0',
      'CommandLine|base64offset|contains',
      "'/bin/sh'",
      { CommandLine: 'echo L2Jpbi9za' },
      true,
    ],
    [
      'base64offset shift 1',
      'CommandLine|base64offset|contains',
      "'/bin/sh'",
      { CommandLine: Buffer.from('a/bin/sh').toString('base64') },
      true,
    ],
    [
      'base64offset shift 2',
      'CommandLine|base64offset|contains',
      "'/bin/sh'",
      { CommandLine: Buffer.from('ab/bin/sh').toString('base64') },
      true,
    ],
    [
      'base64offset miss',
      'CommandLine|base64offset|contains',
      "'/bin/sh'",
      { CommandLine: Buffer.from('ab/bin/bash').toString('base64') },
      false,
    ],
    [
      'wide|base64offset',
      'CommandLine|wide|base64offset|contains',
      "'ping'",
      { CommandLine: Buffer.from('xping', 'utf16le').toString('base64') },
      true,
    ],
    [
      'utf16le|base64',
      'Data|utf16le|base64',
      "'cmd'",
      { Data: Buffer.from('cmd', 'utf16le').toString('base64') },
      true,
    ],
    [
      'utf16be|base64',
      'Data|utf16be|base64',
      "'cmd'",
      { Data: Buffer.from([0, 0x63, 0, 0x6d, 0, 0x64]).toString('base64') },
      true,
    ],
    [
      'utf16|base64 (BOM)',
      'Data|utf16|base64',
      "'cmd'",
      { Data: Buffer.from([0xff, 0xfe, 0x63, 0, 0x6d, 0, 0x64, 0]).toString('base64') },
      true,
    ],
    ['lt', 'Count|lt', '10', { Count: 9 }, true],
    ['lt equal', 'Count|lt', '10', { Count: 10 }, false],
    ['lte', 'Count|lte', '10', { Count: 10 }, true],
    ['gt on numeric string', 'Count|gt', '10', { Count: '11' }, true],
    ['gte', 'Count|gte', '10', { Count: 9 }, false],
    ['gt on non-number', 'Count|gt', '10', { Count: 'many' }, false],
    ['minute', 'Time|minute', '30', { Time: '2026-11-27T10:30:00Z' }, true],
    ['hour', 'Time|hour', '10', { Time: '2026-11-27T10:30:00Z' }, true],
    ['hour with gte', 'Time|hour|gte', '18', { Time: '2026-11-27T10:30:00Z' }, false],
    ['day', 'Time|day', '27', { Time: '2026-11-27T10:30:00Z' }, true],
    ['week', 'Time|week', '48', { Time: '2026-11-27T10:30:00Z' }, true],
    ['month', 'Time|month', '11', { Time: '2026-11-27T10:30:00Z' }, true],
    ['year', 'Time|year', '2026', { Time: '2026-11-27T10:30:00Z' }, true],
    ['cidr v4', 'SourceIp|cidr', "'10.0.0.0/8'", { SourceIp: '10.20.30.40' }, true],
    ['cidr v4 miss', 'SourceIp|cidr', "'10.0.0.0/8'", { SourceIp: '11.0.0.1' }, false],
    [
      'cidr v4 /32 list',
      'SourceIp|cidr',
      "['192.168.1.0/24', '127.0.0.1/32']",
      { SourceIp: '127.0.0.1' },
      true,
    ],
    ['cidr v6', 'SourceIp|cidr', "'2001:db8::/32'", { SourceIp: '2001:0db8:85a3::8a2e:370:7334' }, true],
    ['cidr v6 miss', 'SourceIp|cidr', "'2001:db8::/32'", { SourceIp: '2001:db9::1' }, false],
    ['cidr v6 link-local', 'SourceIp|cidr', "'fe80::/10'", { SourceIp: 'fe80::1%eth0' }, true],
    ['cidr v6 rule vs v4 event', 'SourceIp|cidr', "'::/0'", { SourceIp: '10.0.0.1' }, false],
    [
      'fieldref',
      'TargetUserName|fieldref',
      'SubjectUserName',
      { TargetUserName: 'Bob', SubjectUserName: 'bob' },
      true,
    ],
    [
      'fieldref differs',
      'TargetUserName|fieldref',
      'SubjectUserName',
      { TargetUserName: 'bob', SubjectUserName: 'alice' },
      false,
    ],
    [
      'fieldref|neq',
      'TargetUserName|fieldref|neq',
      'SubjectUserName',
      { TargetUserName: 'bob', SubjectUserName: 'alice' },
      true,
    ],
    ...fieldrefPositions,
    ['expand', 'Computer|expand', "'%DomainControllers%'", { Computer: 'DC02.corp' }, true],
    [
      'expand escaped percent',
      'Computer|expand',
      "'\\%plain%DomainControllers%'",
      { Computer: '%plainDC01.corp' },
      true,
    ],
  ])('%s', (_name, field, value, event, expected) => {
    const placeholders = { DomainControllers: ['DC01.corp', 'DC02*'] };
    expect(matches(detection(field, value), event, { placeholders })).toBe(expected);
  });

  it.each([
    ['unknown modifier', 'Image|sounds_like', "'x'", "unknown modifier 'sounds_like'"],
    ['re sub-modifier without re', 'Image|i', "'x'", "must follow 're'"],
    ['re with contains', 'Image|contains|re', "'x'", 'cannot'],
    ['invalid regex', 'Image|re', "'(unclosed'", 'invalid regular expression'],
    ['invalid cidr', 'Ip|cidr', "'10.0.0.0/33'", 'invalid CIDR'],
    ['lt with text', 'Count|lt', "'ten'", 'expected a number'],
    ['exists with text', 'Image|exists', "'yes'", "'exists' takes true or false"],
    ['base64 of a wildcard', 'Image|base64', "'cmd*'", 'cannot encode a value with wildcards'],
    ['null in a list', 'Image', "['a', null]", 'null cannot be part of a list'],
    [
      'contains before fieldref',
      'CommandLine|contains|fieldref',
      'Image',
      "'contains' must come after 'fieldref'",
    ],
    [
      'fieldref with base64',
      'CommandLine|fieldref|base64',
      'Image',
      "'fieldref' cannot be combined with 'base64'",
    ],
    ['windash before fieldref', 'CommandLine|windash|fieldref', 'Image', "cannot be combined with 'windash'"],
    ['fieldref with re', 'CommandLine|fieldref|re', 'Image', "'re' cannot be combined with another type"],
    ['fieldref with a keyword', `'|fieldref|contains'`, 'Image', "'fieldref' needs a field name"],
  ])('rejects %s', (_name, field, value, reason) => {
    expect(rejection(detection(field, value))).toContain(reason);
  });
});

// A clause with many `contains` values is evaluated with one search for any of them: it must
// mean exactly what the values one by one mean.
describe('contains with many values', () => {
  const tools = Array.from({ length: 20 }, (_, i) => `tool${i}.exe`);
  const list = (extra: string[] = []) => `[${[...tools, ...extra].map((v) => `'${v}'`).join(', ')}]`;

  it.each([
    ['one of them', 'CommandLine|contains', list(), { CommandLine: 'run TOOL7.EXE -x' }, true],
    ['none of them', 'CommandLine|contains', list(), { CommandLine: 'run tool.exe' }, false],
    ['an emoji', 'CommandLine|contains', list(['😀']), { CommandLine: 'echo 😀' }, true],
    ['a half emoji', 'CommandLine|contains', list(['😀']), { CommandLine: 'echo 😃' }, false],
    ['a wildcard value too', 'CommandLine|contains', list(['a*z']), { CommandLine: 'ab-yz' }, true],
    ['an element of a list', 'CommandLine|contains', list(), { CommandLine: ['x', 'tool3.exe'] }, true],
    ['a number', 'Id|contains', list(['2024']), { Id: 120245 }, true],
    ['neq, none of them', 'CommandLine|contains|neq', list(), { CommandLine: 'run tool.exe' }, true],
    ['neq, one of them', 'CommandLine|contains|neq', list(), { CommandLine: 'tool19.exe' }, false],
    ['cased', 'CommandLine|contains|cased', list(), { CommandLine: 'TOOL7.EXE' }, false],
    ['cased hit', 'CommandLine|contains|cased', list(), { CommandLine: 'tool7.exe' }, true],
    ['all, some', 'CommandLine|contains|all', list(), { CommandLine: tools.slice(1).join(' ') }, false],
    ['all, every one', 'CommandLine|contains|all', list(), { CommandLine: tools.join(' ') }, true],
  ])('%s', (_name, field, value, event, expected) => {
    expect(matches(detection(field, value), event)).toBe(expected);
  });

  it('in keyword lists', () => {
    const keywords = `keywords:\n    ${tools.map((tool) => `- '${tool}'`).join('\n    ')}\ncondition: keywords`;
    expect(matches(keywords, { message: 'started Tool12.exe' })).toBe(true);
    expect(matches(keywords, { message: 'started tool.exe' })).toBe(false);
  });
});
