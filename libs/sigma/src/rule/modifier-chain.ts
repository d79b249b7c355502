import { ruleError } from './sigma-rule-error';
import {
  COMPARE_MODIFIERS,
  REGEX_FLAGS,
  TIME_MODIFIERS,
  TRANSFORM_MODIFIERS,
  type ValueSpec,
  type ValueType,
} from './value-compiler';

/** A `field|mod1|mod2` key's modifiers, validated (modifiers appendix v2.1). */
export interface ModifierChain {
  spec: ValueSpec;
  matchAll: boolean;
  negate: boolean;
  exists: boolean;
  expand: boolean;
}

const includes = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

export function parseModifierChain(modifiers: readonly string[], path: string): ModifierChain {
  const chain: ModifierChain = {
    spec: { transforms: [], type: { kind: 'string' }, cased: false },
    matchAll: false,
    negate: false,
    exists: false,
    expand: false,
  };
  const state: { type: ValueType | null } = { type: null };
  const setType = (next: ValueType, name: string): void => {
    const current = state.type;
    if (current?.kind === 'time' && next.kind === 'compare') {
      state.type = { ...current, op: next.op };
      return;
    }
    if (current) throw ruleError(path, `modifier '${name}' cannot be combined with another type modifier`);
    state.type = next;
  };
  for (const modifier of modifiers) {
    if (includes(TRANSFORM_MODIFIERS, modifier)) {
      const current = state.type;
      if (current?.kind === 'fieldref') {
        state.type = fieldrefPart(current, modifier, path);
        continue;
      }
      if (current) throw ruleError(path, `transformation '${modifier}' cannot follow a type modifier`);
      chain.spec.transforms.push(modifier);
    } else if (includes(COMPARE_MODIFIERS, modifier)) {
      setType({ kind: 'compare', op: modifier }, modifier);
    } else if (includes(TIME_MODIFIERS, modifier)) {
      setType({ kind: 'time', unit: modifier, op: 'eq' }, modifier);
    } else if (includes(REGEX_FLAGS, modifier)) {
      const current = state.type;
      if (current?.kind !== 're') throw ruleError(path, `regex flag modifier '${modifier}' must follow 're'`);
      current.flags.push(modifier);
    } else {
      switch (modifier) {
        case 're':
          setType({ kind: 're', flags: [] }, modifier);
          break;
        case 'cidr':
          setType({ kind: 'cidr' }, modifier);
          break;
        case 'fieldref':
          setType({ kind: 'fieldref', anyBefore: false, anyAfter: false }, modifier);
          break;
        case 'exists':
          chain.exists = true;
          break;
        case 'all':
          chain.matchAll = true;
          break;
        case 'cased':
          chain.spec.cased = true;
          break;
        case 'neq':
          chain.negate = true;
          break;
        case 'expand':
          chain.expand = true;
          break;
        default:
          throw ruleError(path, `unknown modifier '${modifier}'`);
      }
    }
  }
  const finalType = state.type;
  if (finalType) {
    if (finalType.kind === 'fieldref') {
      // Before `fieldref`, a transformation would change the field name: encodings are refused
      // as they are after it, and a position is asked for after it (as pySigma does).
      for (const transform of chain.spec.transforms) fieldrefPart(finalType, transform, path);
      if (chain.spec.transforms.length > 0) {
        const first = chain.spec.transforms[0];
        throw ruleError(
          path,
          `'${first}' must come after 'fieldref', which takes a plain field name (fieldref|${first})`,
        );
      }
    }
    if (chain.spec.transforms.length > 0) {
      throw ruleError(path, `'${finalType.kind}' cannot be combined with transformation modifiers`);
    }
    chain.spec.type = finalType;
  }
  if (chain.exists && modifiers.length > 1)
    throw ruleError(path, "'exists' cannot be combined with other modifiers");
  return chain;
}

/**
 * A transformation after `fieldref` says where the referenced field's value may sit in the
 * field's value, as pySigma reads it: `startswith` allows anything after it, `endswith` anything
 * before, `contains` both. Other transformations would change the field name, not the match.
 */
function fieldrefPart(
  current: Extract<ValueType, { kind: 'fieldref' }>,
  modifier: (typeof TRANSFORM_MODIFIERS)[number],
  path: string,
): ValueType {
  switch (modifier) {
    case 'contains':
      return { ...current, anyBefore: true, anyAfter: true };
    case 'startswith':
      return { ...current, anyAfter: true };
    case 'endswith':
      return { ...current, anyBefore: true };
    case 'base64':
    case 'base64offset':
    case 'utf16le':
    case 'wide':
    case 'utf16be':
    case 'utf16':
    case 'windash':
      throw ruleError(
        path,
        `'fieldref' cannot be combined with '${modifier}' (only contains, startswith, endswith, cased, all and neq)`,
      );
  }
}
