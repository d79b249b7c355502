import { flagValues, type CliArgs } from './cli-args';

/** `--placeholder name=v1,v2 ...` → { name: [v1, v2] }. */
export function parsePlaceholders(args: CliArgs): Record<string, string[]> {
  const placeholders: Record<string, string[]> = {};
  for (const value of flagValues(args, 'placeholder', false)) {
    const separator = value.indexOf('=');
    const name = value.slice(0, separator);
    const list = value.slice(separator + 1);
    if (separator <= 0) throw new Error(`--placeholder expects name=value1,value2, got '${value}'`);
    placeholders[name] = list.split(',');
  }
  return placeholders;
}
