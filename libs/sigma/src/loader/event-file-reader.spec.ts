import { parseEventText } from './event-file-reader';

describe('parseEventText', () => {
  it.each([
    ['one object', 'a.json', '{"a": 1}', [{ a: 1 }]],
    ['an array', 'a.json', '[{"a": 1}, {"a": 2}]', [{ a: 1 }, { a: 2 }]],
    [
      'concatenated objects',
      'a.json',
      '{"a": "}{"}\n{"a": 2}{"b": [1]}',
      [{ a: '}{' }, { a: 2 }, { b: [1] }],
    ],
    ['JSON lines', 'a.ndjson', '{"a": 1}\n\n{"a": 2}\n', [{ a: 1 }, { a: 2 }]],
    ['an empty file', 'a.json', '  \n', []],
  ])('reads %s', (_name, file, text, expected) => {
    expect(parseEventText(text, file)).toEqual(expected);
  });

  it.each([
    ['a bad JSON line', 'a.ndjson', '{"a": 1}\n{oops}', 'a.ndjson:2: invalid JSON'],
    ['garbage between objects', 'a.json', '{"a": 1} x {"a": 2}', "unexpected 'x' between JSON values"],
    ['a truncated object', 'a.json', '{"a": 1', 'truncated JSON'],
  ])('rejects %s', (_name, file, text, reason) => {
    expect(() => parseEventText(text, file)).toThrow(reason);
  });
});
