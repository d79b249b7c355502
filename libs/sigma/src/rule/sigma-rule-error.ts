/**
 * Why a rule (or filter, or pipeline) could not be loaded: the file, the path inside the YAML
 * document (`detection.selection.Image|re`) and the reason. Never swallowed: the loader reports it.
 */
export class SigmaRuleError extends Error {
  constructor(
    readonly reason: string,
    readonly path: string,
    readonly source = '',
  ) {
    super(`${source ? `${source}: ` : ''}${path ? `${path}: ` : ''}${reason}`);
    this.name = 'SigmaRuleError';
  }

  /** The same error, attributed to a file and a prefix of the path inside it. */
  within(source: string, pathPrefix = ''): SigmaRuleError {
    const path = pathPrefix && this.path ? `${pathPrefix}.${this.path}` : pathPrefix || this.path;
    return new SigmaRuleError(this.reason, path, this.source || source);
  }
}

export function ruleError(path: string, reason: string): SigmaRuleError {
  return new SigmaRuleError(reason, path);
}
