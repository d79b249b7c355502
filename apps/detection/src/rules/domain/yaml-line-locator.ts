import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';

export interface YamlPosition {
  line: number;
  column: number;
}

/**
 * Finds the line of a Sigma error path (`detection.selection[0].Image|re`, `correlation.timespan`)
 * inside the `documentIndex`-th document of a YAML text. Keys may themselves hold dots
 * (`process.name`), so at each map the longest key that prefixes the rest of the path wins. When
 * the path leaves the document (a missing attribute), the deepest node reached is reported.
 */
export function locatePath(text: string, documentIndex: number, path: string): YamlPosition | undefined {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, schema: 'failsafe' });
  const document = documents.at(documentIndex);
  if (!document) return undefined;
  let node: unknown = document.contents;
  let offset = rangeStart(node) ?? 0;
  let rest = path.startsWith('(') ? '' : path;
  while (rest.length > 0 && node) {
    const step = stepInto(node, rest);
    if (!step) break;
    node = step.node;
    rest = step.rest;
    offset = step.offset ?? offset;
  }
  const position = lineCounter.linePos(offset);
  return { line: position.line, column: position.col };
}

interface Step {
  node: unknown;
  rest: string;
  offset?: number;
}

function stepInto(node: unknown, path: string): Step | undefined {
  if (isSeq(node)) {
    const index = /^\[(\d+)\]\.?/.exec(path);
    if (!index) return undefined;
    const item: unknown = node.items[Number(index[1])];
    return { node: item, rest: path.slice(index[0].length), offset: rangeStart(item) };
  }
  if (!isMap(node)) return undefined;
  let best: { key: string; value: unknown; keyNode: unknown } | undefined;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined || !path.startsWith(key)) continue;
    const next = path.charAt(key.length);
    if (next !== '' && next !== '.' && next !== '[') continue;
    if (!best || key.length > best.key.length) best = { key, value: pair.value, keyNode: pair.key };
  }
  if (!best) return undefined;
  const rest = path.slice(best.key.length).replace(/^\./, '');
  // The key's line: where the author wrote the attribute the error is about (or its parent).
  return { node: best.value, rest, offset: rangeStart(best.keyNode) };
}

function isNodeWithRange(value: unknown): value is Node {
  return (isMap(value) || isSeq(value) || isScalar(value)) && Array.isArray(value.range);
}

function rangeStart(value: unknown): number | undefined {
  return isNodeWithRange(value) ? value.range?.[0] : undefined;
}
