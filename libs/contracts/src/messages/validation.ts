import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { compiledCheck } from './compiled-check';

/** A payload that does not satisfy its message class; `problems` name each bad field by path. */
export class MessageValidationError extends Error {
  constructor(
    readonly messageClass: string,
    readonly problems: string[],
  ) {
    super(`invalid ${messageClass}: ${problems.join('; ')}`);
    this.name = 'MessageValidationError';
  }
}

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) => `${path}: ${text}`);
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/**
 * Checks a plain object (already JSON-decoded) against its message class and returns it typed.
 * Unknown extra fields are allowed: consumers must accept additions within a topic version.
 * The message class checks the shape; `T` names the payload type it guarantees.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function validateMessage<T extends object>(messageClass: new () => object, payload: unknown): T {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new MessageValidationError(messageClass.name, ['payload: must be a JSON object']);
  }
  // The hot path: the decorators compiled into one function (compiled-check.ts). It only ever
  // says "valid"; whatever it refuses is decided, and each problem named, by class-validator.
  if (compiledCheck(messageClass)?.(payload) === true) return payload as T;
  let instance: object;
  try {
    // Only the declared (@Expose) fields are copied: the rest of a large event is not walked.
    instance = plainToInstance(messageClass, payload, { excludeExtraneousValues: true });
  } catch (error) {
    // e.g. an undeclared nested object with a "constructor" key: bad content, not a crash.
    throw new MessageValidationError(messageClass.name, [`payload: cannot be read (${String(error)})`]);
  }
  const problems = flatten(validateSync(instance, { forbidUnknownValues: false }));
  if (problems.length > 0) throw new MessageValidationError(messageClass.name, problems);
  return payload as T;
}
