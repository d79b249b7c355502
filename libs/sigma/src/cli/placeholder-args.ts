import { parsePlaceholderAssignments } from '../rule/detection-parser';
import { flagValues, type CliArgs } from './cli-args';

/** `--placeholder name=v1,v2 ...` → { name: [v1, v2] }. */
export function parsePlaceholders(args: CliArgs): Record<string, string[]> {
  try {
    return parsePlaceholderAssignments(flagValues(args, 'placeholder', false));
  } catch (error) {
    throw new Error(`--placeholder ${(error as Error).message}`, { cause: error });
  }
}
