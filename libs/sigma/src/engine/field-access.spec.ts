import { getField } from './field-access';

describe('getField', () => {
  it.each([
    ['a nested path', { source: { ip: '10.0.0.1' } }, 'source.ip', '10.0.0.1'],
    ['a literal dotted key', { 'source.ip': '10.0.0.2' }, 'source.ip', '10.0.0.2'],
    ['a dotted key one level down', { winlog: { 'event_data.Image': 'x' } }, 'winlog.event_data.Image', 'x'],
    ['values through an array', { answers: [{ data: 'a' }, { data: 'b' }] }, 'answers.data', ['a', 'b']],
    ['a wildcard segment', { UserData: { Op: { User: 'u' } } }, 'UserData.*.User', 'u'],
    ['a missing field', { source: {} }, 'source.ip', undefined],
    ['attributes keys', { Provider: { '#attributes': { Name: 'P' } } }, 'Provider.#attributes.Name', 'P'],
    ['null is a value', { a: null }, 'a', null],
  ])('reads %s', (_name, event, path, expected) => {
    expect(getField(event, path)).toEqual(expected);
  });
});
