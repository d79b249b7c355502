import { parseCommandLine, UsageError, type CommandSpec } from './command-line';
import { commandHelp } from './help-text';

const scan = {
  name: 'tool scan',
  usage: '--rules PATH... [options]',
  summary: 'Scans.',
  options: {
    rules: {
      type: 'string',
      multiple: true,
      variadic: true,
      required: true,
      placeholder: 'PATH',
      description: 'rules',
    },
    mode: { type: 'string', choices: ['fast', 'slow'], description: 'how' },
    gzip: { type: 'boolean', description: 'compress' },
  },
} as const satisfies CommandSpec;

function refusal(argv: string[], spec: CommandSpec = scan): string {
  try {
    parseCommandLine(spec, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('parseCommandLine', () => {
  it('reads repeated, variadic, inline, choice and switch options into typed values', () => {
    const request = parseCommandLine(scan, ['--rules', 'a', 'b', '--mode=slow', '--gzip', '--rules=c', '-']);
    expect(request).toEqual({
      kind: 'run',
      values: { rules: ['a', 'b', 'c', '-'], mode: 'slow', gzip: true },
      positionals: [],
    });
    const plain = parseCommandLine(scan, ['--rules', 'x']);
    expect(plain.kind === 'run' && plain.values).toEqual({ rules: ['x'], mode: undefined, gzip: false });
  });

  it('answers --help and --version before looking at anything else', () => {
    expect(parseCommandLine(scan, ['--bogus', '--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(scan, ['-h'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(scan, ['--version'])).toEqual({ kind: 'version' });
  });

  it.each([
    [
      ['--rules', 'a', '--bogus'],
      "unknown option '--bogus'; known options: --rules, --mode, --gzip, --help, --version",
    ],
    [['--rules', 'a', '-x'], "unknown option '-x'; known options: --rules"],
    [['--rules'], '--rules needs a value (PATH)'],
    [['--rules', '--gzip'], '--rules needs a value'],
    [['--gzip'], '--rules needs at least one value'],
    [['--rules', 'a', '--mode', 'odd'], "--mode takes fast, slow; got 'odd'"],
    [['--rules', 'a', '--mode', 'fast', '--mode', 'slow'], '--mode is given twice'],
    [['--rules', 'a', '--gzip=yes'], '--gzip takes no value'],
    [['stray', '--rules', 'a'], "unexpected argument 'stray'"],
    [['--rules', 'a', '--gzip', 'stray'], "unexpected argument 'stray'"],
  ])('refuses %j: %s', (argv, message) => {
    expect(refusal(argv)).toContain(message);
  });

  it('keeps words after the options as positionals when the command takes them', () => {
    const files = {
      ...scan,
      options: { gzip: scan.options.gzip },
      positionals: { placeholder: 'FILE...', description: 'files' },
    };
    const request = parseCommandLine(files, ['--gzip', 'a.log', '--', '--odd-name.log']);
    expect(request.kind === 'run' && request.positionals).toEqual(['a.log', '--odd-name.log']);
  });

  it('writes help with every option, its value, choices and the standard options', () => {
    const help = commandHelp(scan);
    expect(help).toMatch(/^usage: tool scan --rules PATH\.\.\. \[options\]\n\nScans\.\n/);
    expect(help).toContain('--rules PATH...');
    expect(help).toContain('how (one of: fast, slow)');
    expect(help).toContain('-h, --help');
    expect(help).toContain('--version');
  });
});
