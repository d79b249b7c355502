import { ruleError } from './sigma-rule-error';

/**
 * Turns a Sigma `re` value (PCRE/Python flavour) into a JS RegExp: leading inline flag groups
 * such as `(?i)` become JS flags, `(?P<name>` becomes `(?<name>`, `\A`/`\Z` become anchors.
 * Anything JS cannot express is an error, never a silent mismatch.
 */
export function translateRegex(pattern: string, subModifiers: readonly string[], path: string): RegExp {
  const flags = new Set(subModifiers);
  let source = pattern;
  for (;;) {
    const inline = /^\(\?([imsx]+)\)/.exec(source);
    if (!inline) break;
    for (const flag of inline[1]) {
      if (flag === 'x') throw ruleError(path, 'regular expression uses the unsupported verbose flag (?x)');
      flags.add(flag);
    }
    source = source.slice(inline[0].length);
  }
  if (/\(\?[imsx-]+\)/.test(source))
    throw ruleError(path, 'inline regex flags are only supported at the start of the pattern');
  source = source
    .replace(/\(\?P<(\w+)>/g, '(?<$1>')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/(^|[^\\])\\A/g, '$1^')
    .replace(/(^|[^\\])\\[Zz]/g, '$1$');
  try {
    return new RegExp(source, [...flags].sort().join(''));
  } catch (error) {
    throw ruleError(path, `invalid regular expression: ${(error as Error).message}`);
  }
}

/**
 * The longest run of literal characters every match must contain, read conservatively from the
 * top level of the pattern (nothing inside groups or classes, nothing quantified, no top-level
 * alternation). Lets the engine skip the regex, and its backtracking, on texts without it.
 */
export function regexRequiredLiteral(source: string): string | null {
  let best = '';
  let current = '';
  let depth = 0;
  const flush = (): void => {
    if (current.length > best.length) best = current;
    current = '';
  };
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      const next = source.charAt(i + 1);
      i++;
      if (depth === 0 && /[^\w\s]/.test(next)) {
        current += next;
        continue;
      }
      flush();
      // Skip the rest of escapes that span several characters (\xHH, \uHHHH, \u{…}, \cX, \k<…>, \p{…}, \12).
      if (next === 'x') i += 2;
      else if (next === 'c') i += 1;
      else if (next === 'u') i = source[i + 1] === '{' ? source.indexOf('}', i) : i + 4;
      else if (next === 'k') i = source.indexOf('>', i);
      else if (next === 'p' || next === 'P') i = source.indexOf('}', i);
      else if (/\d/.test(next)) while (/\d/.test(source.charAt(i + 1))) i++;
      if (i < 0) return null;
    } else if (char === '[') {
      flush();
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (char === '(') {
      flush();
      depth++;
    } else if (char === ')') {
      flush();
      depth--;
    } else if (char === '|') {
      if (depth === 0) return null;
    } else if ('*+?{'.includes(char)) {
      current = current.slice(0, -1); // the quantified character is not required as written
      flush();
      if (char === '{') while (i < source.length && source[i] !== '}') i++;
    } else if (char === '.' || char === '^' || char === '$') {
      flush();
    } else if (depth === 0) {
      current += char;
    }
  }
  flush();
  return best === '' ? null : best;
}
