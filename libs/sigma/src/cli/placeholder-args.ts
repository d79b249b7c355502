import { UsageError } from '@vigil/cli';
import { parsePlaceholderAssignments } from '../rule/detection-parser';

/** `--placeholder name=v1,v2 ...` → { name: [v1, v2] }. */
export function parsePlaceholders(assignments: readonly string[]): Record<string, string[]> {
  try {
    return parsePlaceholderAssignments(assignments);
  } catch (error) {
    throw new UsageError(`--placeholder ${(error as Error).message}`, { cause: error });
  }
}
