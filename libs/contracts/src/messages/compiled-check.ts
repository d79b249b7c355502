import { TransformationType } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import {
  ARRAY_MIN_SIZE,
  getMetadataStorage,
  IS_ARRAY,
  IS_BOOLEAN,
  IS_IN,
  IS_INT,
  IS_ISO8601,
  IS_NOT_EMPTY,
  IS_OBJECT,
  IS_OPTIONAL,
  IS_STRING,
  MATCHES,
  MAX_LENGTH,
  MIN,
  ValidationTypes,
  type ValidationArguments,
} from 'class-validator';

type MessageClass = new () => object;

/** True only when the class-validator decorators (after plainToInstance) accept the payload. */
export type CompiledCheck = (payload: object) => boolean;

/**
 * Validators whose verdict on a JSON value is the same as on plainToInstance's copy of it: the copy
 * keeps every primitive as it is, every array with its length, every object as an object.
 */
const SAME_ON_COPY = new Set<string>([
  IS_STRING,
  IS_NOT_EMPTY,
  MATCHES,
  MAX_LENGTH,
  IS_ISO8601,
  IS_IN,
  IS_INT,
  MIN,
  IS_BOOLEAN,
  IS_ARRAY,
  ARRAY_MIN_SIZE,
  IS_OBJECT,
]);

/** Types plainToInstance converts a value to (String(x), new Date(x) …) instead of copying it. */
const CONVERTING_TYPES = new Set<unknown>([
  String,
  Number,
  Boolean,
  Date,
  Buffer,
  Map,
  Set,
  Array,
  Object,
  Promise,
]);

// undefined while compiling (a class that contains itself is not compiled), null: not compilable.
const compiled = new Map<MessageClass, CompiledCheck | null | undefined>();

/**
 * The decorators of a message class compiled into one plain function, for the hot path: validating
 * each consumed message through class-transformer and class-validator costs more than the rest
 * of consuming it. The rules stay the decorators themselves: each is run through its own
 * class-validator constraint, on the payload as plainToInstance would copy it. A class using
 * anything this does not model (another validator, @Transform, groups, ValidateIf …) is not
 * compiled and returns undefined. The check only ever says "valid": a payload it refuses goes
 * through class-validator, which decides and names each problem.
 */
export function compiledCheck(messageClass: MessageClass): CompiledCheck | undefined {
  if (!compiled.has(messageClass)) {
    compiled.set(messageClass, undefined);
    compiled.set(messageClass, compile(messageClass) ?? null);
  }
  return compiled.get(messageClass) ?? undefined;
}

function compile(messageClass: MessageClass): CompiledCheck | undefined {
  const storage = getMetadataStorage();
  const byProperty = storage.groupByPropertyName(
    storage.getTargetValidationMetadatas(messageClass, '', false, false),
  );
  const checks: CompiledCheck[] = [];
  for (const [property, metadatas] of Object.entries(byProperty)) {
    if (!copiedAsIs(messageClass, property)) return undefined;
    let optional = false;
    let nested: ((value: unknown) => boolean) | undefined;
    const tests: ((value: unknown) => boolean)[] = [];
    for (const metadata of metadatas) {
      // Typed as always set, but undefined unless the decorator was given options.
      const groups = metadata.groups as readonly string[] | undefined;
      const plain =
        typeof metadata.target !== 'string' &&
        (groups === undefined || groups.length === 0) &&
        metadata.always === undefined &&
        metadata.validateIf === undefined;
      if (!plain) return undefined;
      if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION && metadata.name === IS_OPTIONAL) {
        optional = true;
      } else if (
        metadata.type === ValidationTypes.CUSTOM_VALIDATION &&
        SAME_ON_COPY.has(metadata.name ?? '')
      ) {
        const constraints = storage.getTargetValidatorConstraints(metadata.constraintCls);
        if (constraints.length === 0 || constraints.some((constraint) => constraint.async)) return undefined;
        const args: ValidationArguments = {
          targetName: messageClass.name,
          property,
          object: {},
          value: undefined,
          constraints: metadata.constraints,
        };
        const one = (value: unknown): boolean =>
          constraints.every((constraint) => constraint.instance.validate(value, args) === true);
        tests.push(metadata.each ? (value) => (Array.isArray(value) ? value.every(one) : one(value)) : one);
      } else if (metadata.type === ValidationTypes.NESTED_VALIDATION) {
        const nestedClass = nestedClassOf(messageClass, property);
        const check = nestedClass && compiledCheck(nestedClass);
        if (!check) return undefined;
        // class-validator's nested rule: undefined passes, arrays element by element, objects by
        // their class, anything else fails.
        const walk = (value: unknown): boolean =>
          value === undefined ||
          (Array.isArray(value)
            ? value.every(walk)
            : typeof value === 'object' && value !== null && check(value));
        nested = walk;
      } else {
        return undefined;
      }
    }
    if (!nested && defaultMetadataStorage.findTypeMetadata(messageClass, property)) return undefined;
    checks.push((payload) => {
      const value = (payload as Record<string, unknown>)[property];
      if (optional && (value === undefined || value === null)) return true;
      return tests.every((test) => test(value)) && (nested === undefined || nested(value));
    });
  }
  return (payload) => checks.every((check) => check(payload));
}

/** Whether plainToInstance copies `property` from the same key, unchanged (plain @Expose()). */
function copiedAsIs(messageClass: MessageClass, property: string): boolean {
  const expose = defaultMetadataStorage.findExposeMetadata(messageClass, property);
  return (
    expose !== undefined &&
    Object.keys(expose.options).length === 0 &&
    defaultMetadataStorage.findExcludeMetadata(messageClass, property) === undefined &&
    defaultMetadataStorage.findTransformMetadatas(messageClass, property, TransformationType.PLAIN_TO_CLASS)
      .length === 0 &&
    // plainToInstance skips these keys and any the class defines itself (accessors, methods).
    !(property in messageClass.prototype) &&
    property !== '__proto__'
  );
}

/** The class @Type(() => X) names for a nested property, when plainToInstance builds one. */
function nestedClassOf(messageClass: MessageClass, property: string): MessageClass | undefined {
  const type = defaultMetadataStorage.findTypeMetadata(messageClass, property);
  if (type === undefined || type.typeFunction.length > 0 || type.options.discriminator) return undefined;
  // An array value is copied into a new instance of the declared type (a Set for `Set<X>`).
  if (type.reflectedType === Set) return undefined;
  const nestedClass = type.typeFunction() as MessageClass;
  return CONVERTING_TYPES.has(nestedClass) || 'push' in nestedClass.prototype ? undefined : nestedClass;
}
