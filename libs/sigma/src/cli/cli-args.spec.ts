import { flagValues, parseCliArgs } from './cli-args';

describe('parseCliArgs', () => {
  it('collects the values of repeated and multi-valued flags', () => {
    const args = parseCliArgs([
      'scan',
      '--rules',
      'a',
      'b',
      '--events',
      'e.json',
      '--rules=c',
      '--placeholder',
      'x=1,2=3',
    ]);
    expect(args.command).toBe('scan');
    expect(flagValues(args, 'rules', true)).toEqual(['a', 'b', 'c']);
    expect(flagValues(args, 'placeholder', false)).toEqual(['x=1,2=3']);
    expect(flagValues(args, 'pipeline', false)).toEqual([]);
  });

  it('rejects a value before any flag and a required flag without values', () => {
    expect(() => parseCliArgs(['scan', 'stray'])).toThrow("unexpected argument 'stray'");
    expect(() => flagValues(parseCliArgs(['check']), 'rules', true)).toThrow(
      '--rules needs at least one value',
    );
  });
});
