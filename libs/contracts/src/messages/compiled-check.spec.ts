import { Expose, plainToInstance } from 'class-transformer';
import { IsString, IsUUID, validateSync } from 'class-validator';
import fc from 'fast-check';
import { MessageValidationError, TopicRegistry, Topics, validateMessage, type TopicName } from '../index';
import { compiledCheck } from './compiled-check';

type MessageClass = new () => object;

/** class-validator's verdict, as validateMessage reached it before the compiled check existed. */
function decoratorsAccept(messageClass: MessageClass, payload: object): boolean | 'throws' {
  try {
    const instance = plainToInstance(messageClass, payload, { excludeExtraneousValues: true });
    return validateSync(instance, { forbidUnknownValues: false }).length === 0;
  } catch {
    return 'throws';
  }
}

/** Every path of a JSON value (object keys and array indices), parents before children. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([key, item]) => [
      [...prefix, key],
      ...pathsOf(item, [...prefix, key]),
    ]);
  return [];
}

function setPath(target: unknown, path: (string | number)[], value: unknown): void {
  let node = target as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) return;
    node = next as Record<string | number, unknown>;
  }
  const last = path.at(-1) ?? '';
  if (value === undefined && !Array.isArray(node)) Reflect.deleteProperty(node, last);
  else node[last] = value;
}

// Values that sit on the edges of the decorators in the contracts.
const edgeValue = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'x',
    'high',
    'match',
    'index',
    '2026-11-27T03:12:45.000Z',
    '2026-11-27T03:12:45Z',
    '2026-11-27T10:12:45+07:00',
    '2026-02-29T00:00:00Z',
    '2028-02-29T00:00:00Z',
    '2026-11-27',
    '2026-11-27 03:12:45',
    'yesterday',
    'a'.repeat(256),
    'a'.repeat(257),
    '😀'.repeat(200),
  ),
  fc.constantFrom(0, 1, -1, 1.5, 42, Number.MAX_SAFE_INTEGER, true, false, null, undefined),
  fc.constantFrom([], [''], ['a', 'b'], [1], [{}], [null], {}, { id: 'x' }, { name: 'web01' }),
  fc.string({ maxLength: 8 }),
  fc.jsonValue({ maxDepth: 2 }),
);

const topicNames = Object.values(Topics) as TopicName[];

describe('compiled message check', () => {
  it.each(topicNames)('%s: its message class is compiled and accepts its example', (topic) => {
    const { messageClass, example } = TopicRegistry[topic];
    const check = compiledCheck(messageClass);
    expect(check).toBeDefined();
    expect(check?.(example())).toBe(true);
  });

  it.each(topicNames)('%s: says valid exactly when class-validator does', (topic) => {
    const { messageClass, example } = TopicRegistry[topic];
    const check = compiledCheck(messageClass);
    if (!check) throw new Error('not compiled');
    const base = example() as object;
    // The declared fields too, so the optional ones an example leaves out are set as well.
    const declared = Object.keys(plainToInstance(messageClass, {}, { excludeExtraneousValues: true }));
    const paths = [...pathsOf(base), ...declared.map((key) => [key])];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...paths), edgeValue), { minLength: 1, maxLength: 3 }),
        (edits) => {
          const payload = structuredClone(base);
          for (const [path, value] of edits) setPath(payload, path, value);
          const expected = decoratorsAccept(messageClass, payload);
          if (expected === 'throws') return;
          expect(check(payload)).toBe(expected);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('leaves a class with a validator it does not model to class-validator', () => {
    class Unmodelled {
      @Expose() @IsString() @IsUUID() host!: string;
    }
    expect(compiledCheck(Unmodelled)).toBeUndefined();
    expect(validateMessage(Unmodelled, { host: '7c9e6679-7425-40de-944b-e07fc1f90ae7' })).toEqual({
      host: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    });
    expect(() => validateMessage(Unmodelled, { host: 'web01' })).toThrow(MessageValidationError);
  });

  it('turns a payload class-transformer cannot copy into a validation error, not a crash', () => {
    const alert = { ...TopicRegistry[Topics.AlertsV1].example(), id: '', explanation: { constructor: 'x' } };
    expect(() => validateMessage(TopicRegistry[Topics.AlertsV1].messageClass, alert)).toThrow(
      MessageValidationError,
    );
  });
});
