import fc from 'fast-check';
import { KEYWORDS, type LiteralRequirement } from './detection-compiler';
import { EventSession } from './event-session';
import { getField } from './field-access';
import { AS_WRITTEN_RESOLVER } from './field-resolver';
import { LiteralPrefilter } from './literal-prefilter';

// More fields than a pre-filter reads one by one, so that events with few keys are pre-filtered
// from their keys and events with many keys field by field: both must find the same rules.
const FIELDS = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? `f${i}.x` : `f${i}`));
const word = fc
  .array(fc.constantFrom('a', 'b', 'A', 'B', '-'), { minLength: 1, maxLength: 3 })
  .map((chars) => chars.join(''));
const requirement: fc.Arbitrary<LiteralRequirement> = fc.oneof(
  fc.record({
    field: fc.constantFrom(...FIELDS),
    literal: word.map((w) => w.toLowerCase()),
    exact: fc.boolean(),
  }),
  fc.record({ field: fc.constant(KEYWORDS), literal: word.map((w) => w.toLowerCase()) }),
);
const someRules = fc.array(
  fc.array(fc.array(requirement, { minLength: 1, maxLength: 3 }), { maxLength: 2 }),
  {
    maxLength: 12,
  },
);
const value = fc.oneof(word, fc.array(word, { maxLength: 2 }), fc.integer({ min: 0, max: 3 }));
const event = fc.dictionary(fc.constantFrom(...FIELDS, 'message'), value, { maxKeys: 24 }).map((flat) => {
  // Half the dotted fields as nested objects, half as literal dotted keys.
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(flat)) {
    const [root, rest] = key.split('.');
    if (rest && root.length % 2 === 0) out[root] = { [rest]: v };
    else out[key] = v;
  }
  return out;
});

/** The rules a pre-filter must let through, by brute force. */
function expected(rules: LiteralRequirement[][][], input: Record<string, unknown>): number[] {
  const scalars = (v: unknown): string[] =>
    Array.isArray(v) ? v.flatMap(scalars) : typeof v === 'string' || typeof v === 'number' ? [String(v)] : [];
  const leaves = (v: unknown): string[] =>
    typeof v === 'object' && v !== null ? Object.values(v).flatMap(leaves) : scalars(v);
  const keywords = scalars(input.message).length > 0 ? scalars(input.message) : leaves(input);
  const hits = (r: LiteralRequirement): boolean => {
    const values = r.field === KEYWORDS ? keywords : scalars(getField(input, r.field));
    return values.some((v) =>
      r.exact === true ? v.toLowerCase() === r.literal : v.toLowerCase().includes(r.literal),
    );
  };
  return rules.flatMap((sets, slot) => (sets.every((set) => set.some(hits)) ? [slot] : []));
}

describe('LiteralPrefilter', () => {
  it('lets through exactly the rules whose literal sets all hit, after rules come and go', () => {
    fc.assert(
      fc.property(
        someRules,
        fc.array(event, { maxLength: 6 }),
        fc.boolean(),
        (generated, events, everyField) => {
          // A rule on every field: the pre-filter has more fields than it reads one by one.
          const rules = everyField
            ? [...generated, [FIELDS.map((field) => ({ field, literal: 'ab' }))]]
            : generated;
          const prefilter = new LiteralPrefilter();
          // Registered, some removed, all replaced: what is left must be the last rules only.
          for (const slot of rules.keys())
            prefilter.add(slot, [[{ field: 'f1', literal: 'gone' }]], AS_WRITTEN_RESOLVER);
          for (const slot of rules.keys()) if (slot % 2 === 0) prefilter.remove(slot);
          for (const [slot, sets] of rules.entries()) prefilter.add(slot, sets, AS_WRITTEN_RESOLVER);
          const session = new EventSession();
          for (const input of events) {
            const found: number[] = [];
            prefilter.collect(session.reset(input), found);
            expect(found.sort((a, b) => a - b)).toEqual(expected(rules, input));
          }
        },
      ),
    );
  });
});
