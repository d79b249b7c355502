import { flag, parseCliArgs, requiredFlag } from './cli-args';

describe('rules CLI arguments', () => {
  it('reads the command, positional paths, valued flags and switches', () => {
    const args = parseCliArgs(['import', 'rules/', 'more/', '--url=http://h:1', '--token', 'T', '--offline']);
    expect(args.command).toBe('import');
    expect(args.positional).toEqual(['rules/', 'more/']);
    expect(flag(args, 'url')).toBe('http://h:1');
    expect(requiredFlag(args, 'token')).toBe('T');
    expect(args.flags.get('offline')).toBe(true);
  });

  it('names a missing value or flag', () => {
    expect(() => parseCliArgs(['test', '--rule'])).toThrow('--rule needs a value');
    expect(() => requiredFlag(parseCliArgs(['test']), 'events')).toThrow('--events is required');
  });
});
