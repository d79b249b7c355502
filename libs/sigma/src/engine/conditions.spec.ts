import { matches } from './test-rule-factory';

// Selections a..c test one field each; `_private` starts with an underscore.
const searches = 'sel_a:\n    A: 1\nsel_b:\n    B: 1\nfilter_c:\n    C: 1\n_private:\n    D: 1';
const withCondition = (condition: string): string => `${searches}\ncondition: ${condition}`;
const event = (fields: string): Record<string, number> =>
  Object.fromEntries(Array.from(fields).map((f) => [f.toUpperCase(), 1]));

describe('condition grammar', () => {
  it.each([
    ['sel_a and sel_b', 'ab', true],
    ['sel_a and sel_b', 'a', false],
    ['sel_a or sel_b', 'b', true],
    ['not sel_a', 'b', true],
    ['not sel_a', 'a', false],
    ['sel_a and not filter_c', 'ac', false],
    ['sel_a or sel_b and filter_c', 'a', true], // and binds tighter than or
    ['(sel_a or sel_b) and filter_c', 'a', false],
    ['not sel_a and sel_b', 'b', true], // not binds tighter than and
    ['not (sel_a and sel_b)', 'a', true],
    ['1 of sel_*', 'b', true],
    ['any of sel_*', 'b', true],
    ['all of sel_*', 'b', false],
    ['all of sel_*', 'ab', true],
    ['1 of them', 'c', true],
    ['1 of them', 'd', false], // _private is not part of them
    ['all of them', 'abc', true],
    ['all of them', 'ab', false],
    ['1 of _priv*', 'd', true], // an explicit pattern may name underscore identifiers
    ['sel_a and not 1 of filter_*', 'ac', false],
    ['not 1 of sel_* and filter_c', 'c', true],
    ['NOT sel_a AND sel_b', 'b', true],
    ['((sel_a))', 'a', true],
  ])('%s with %s', (condition, fields, expected) => {
    expect(matches(withCondition(condition), event(fields))).toBe(expected);
  });

  it('treats a list of conditions as OR', () => {
    expect(matches(`${searches}\ncondition:\n    - sel_a\n    - sel_b`, event('b'))).toBe(true);
  });

  it('treats a list of maps as OR', () => {
    expect(matches('selection:\n    - A: 1\n    - B: 1\ncondition: selection', event('b'))).toBe(true);
  });
});
