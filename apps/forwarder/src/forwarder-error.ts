/** Why the forwarder stopped with an error; main.ts turns each into an exit code and a message. */
export enum ForwarderErrorCode {
  /** A bad command line: exit 2. */
  Usage = 'usage',
  /** 401: the server does not know the API key. */
  UnknownKey = 'unknown_key',
  /** 403: the agency is disabled on the server. */
  DisabledAgency = 'disabled_agency',
  /** 400 or another 4xx the forwarder cannot fix by retrying (wrong URL, bad format). */
  Rejected = 'rejected',
  /** --max-retries reached for one batch. */
  RetriesExhausted = 'retries_exhausted',
  /** A log file or a state file cannot be read or written. */
  Io = 'io',
  /** SIGINT/SIGTERM arrived; not a failure, it unwinds the shipping loops. */
  Stopped = 'stopped',
}

export class ForwarderError extends Error {
  constructor(
    readonly code: ForwarderErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ForwarderError';
  }
}

export function isStopped(error: unknown): boolean {
  return error instanceof ForwarderError && error.code === ForwarderErrorCode.Stopped;
}
