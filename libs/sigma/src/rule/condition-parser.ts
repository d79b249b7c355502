import { ruleError } from './sigma-rule-error';
import type { SigmaString } from './sigma-string';
import { compileStringMatcher } from './string-matcher';

/**
 * The condition grammar of the rules spec: or < and < not < `x of` < parentheses, with
 * `1 of`/`any of`/`all of` over `them` or identifier patterns (`*` wildcards). Identifiers
 * starting with `_` are left out of `them`. Patterns are resolved here, so a condition that
 * names a missing identifier or a pattern matching nothing is an error at load time.
 */
export type ConditionNode =
  | { kind: 'and'; children: ConditionNode[] }
  | { kind: 'or'; children: ConditionNode[] }
  | { kind: 'not'; child: ConditionNode }
  | { kind: 'search'; name: string };

type Token =
  | { kind: 'open' | 'close' | 'and' | 'or' | 'not' | 'of' | 'them' | 'one' | 'all'; text: string }
  | { kind: 'word'; text: string };

function tokenize(condition: string, path: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(\(|\)|[^\s()]+)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(condition)) !== null) {
    consumed = pattern.lastIndex;
    const text = match[1];
    const lower = text.toLowerCase();
    if (text === '(') tokens.push({ kind: 'open', text });
    else if (text === ')') tokens.push({ kind: 'close', text });
    else if (lower === 'and' || lower === 'or' || lower === 'not' || lower === 'of' || lower === 'them')
      tokens.push({ kind: lower, text });
    else if (lower === 'all') tokens.push({ kind: 'all', text });
    else if (text === '1' || lower === 'any') tokens.push({ kind: 'one', text });
    else if (text === '|')
      throw ruleError(
        path,
        "aggregation expressions ('| count() ...') are not part of Sigma v2; use a correlation rule",
      );
    else if (/^[\w*.-]+$/.test(text)) tokens.push({ kind: 'word', text });
    else throw ruleError(path, `unexpected '${text}' in condition`);
  }
  if (condition.slice(consumed).trim() !== '')
    throw ruleError(path, `unexpected '${condition.slice(consumed).trim()}' in condition`);
  return tokens;
}

export function parseCondition(
  condition: string,
  identifiers: readonly string[],
  path: string,
): ConditionNode {
  const tokens = tokenize(condition, path);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const fail = (reason: string): never => {
    throw ruleError(path, `${reason} in condition '${condition}'`);
  };

  const parseOr = (): ConditionNode => {
    const children = [parseAnd()];
    while (peek()?.kind === 'or') {
      position++;
      children.push(parseAnd());
    }
    return children.length === 1 ? children[0] : { kind: 'or', children };
  };
  const parseAnd = (): ConditionNode => {
    const children = [parseNot()];
    while (peek()?.kind === 'and') {
      position++;
      children.push(parseNot());
    }
    return children.length === 1 ? children[0] : { kind: 'and', children };
  };
  const parseNot = (): ConditionNode => {
    if (peek()?.kind === 'not') {
      position++;
      return { kind: 'not', child: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): ConditionNode => {
    const token = tokens[position++] as Token | undefined;
    if (!token) return fail('unexpected end');
    switch (token.kind) {
      case 'open': {
        const inner = parseOr();
        if (tokens[position++]?.kind !== 'close') fail("missing ')'");
        return inner;
      }
      case 'one':
      case 'all': {
        if (tokens[position++]?.kind !== 'of') fail(`expected 'of' after '${token.text}'`);
        const target = tokens[position++] as Token | undefined;
        if (!target || (target.kind !== 'them' && target.kind !== 'word'))
          return fail(`expected 'them' or a pattern after 'of'`);
        const names =
          target.kind === 'them'
            ? identifiers.filter((name) => !name.startsWith('_'))
            : matchPattern(target.text);
        if (names.length === 0) fail(`'${target.text}' matches no search identifier`);
        const children: ConditionNode[] = names.map((name) => ({ kind: 'search', name }));
        if (children.length === 1) return children[0];
        return { kind: token.kind === 'all' ? 'and' : 'or', children };
      }
      case 'word':
        if (token.text.includes('*')) fail(`pattern '${token.text}' needs '1 of' or 'all of'`);
        if (!identifiers.includes(token.text)) fail(`unknown search identifier '${token.text}'`);
        return { kind: 'search', name: token.text };
      case 'close':
      case 'and':
      case 'or':
      case 'not':
      case 'of':
      case 'them':
        return fail(`unexpected '${token.text}'`);
    }
  };
  // `*` between literal runs, matched without backtracking (names and patterns are the author's).
  const matchPattern = (pattern: string): string[] => {
    const value: SigmaString = pattern
      .split('*')
      .flatMap((text, i): SigmaString => [
        ...(i > 0 ? [{ kind: 'any' as const }] : []),
        ...(text === '' ? [] : [{ kind: 'text' as const, text }]),
      ]);
    const matcher = compileStringMatcher(value, true);
    return identifiers.filter((name) => matcher.test(name, name));
  };

  const node = parseOr();
  if (position < tokens.length) fail(`unexpected '${tokens[position].text}'`);
  return node;
}

/** The search identifiers a condition uses. */
export function referencedSearches(node: ConditionNode, into = new Set<string>()): Set<string> {
  switch (node.kind) {
    case 'search':
      into.add(node.name);
      break;
    case 'not':
      referencedSearches(node.child, into);
      break;
    case 'and':
    case 'or':
      node.children.forEach((child) => referencedSearches(child, into));
      break;
  }
  return into;
}
