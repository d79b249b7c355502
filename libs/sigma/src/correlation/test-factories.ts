import { parse } from 'yaml';
import { CorrelationEngine, CorrelationEngineOptions } from './correlation-engine';
import { BaseRuleIdentity, CorrelationRule } from './correlation-rule';
import { InMemoryCorrelationStore } from './in-memory-correlation-store';
import { parseCorrelationRule } from './parse-correlation-rule';

/** Test data builders for the correlation specs: every call returns fresh objects. */

export const T0 = Date.parse('2026-11-27T10:00:00.000Z');

/** ISO time `seconds` after T0. */
export function at(seconds: number): string {
  return new Date(T0 + seconds * 1000).toISOString();
}

/** Parses YAML as the core loader does: failsafe schema, so every scalar is a string. */
export function yamlDocument(text: string): unknown {
  return parse(text, { schema: 'failsafe' });
}

export function baseRule(name: string): BaseRuleIdentity {
  return { id: `id-${name}`, name, title: `Base rule ${name}` };
}

/** A correlation document as the failsafe loader hands it over (all scalars strings). */
export function correlationDocument(
  correlation: Record<string, unknown>,
  meta: Record<string, unknown> = {},
): Record<string, unknown> {
  return { title: 'Test correlation', ...meta, correlation: { timespan: '5m', ...correlation } };
}

export function correlationRule(
  correlation: Record<string, unknown>,
  meta: Record<string, unknown> = {},
): CorrelationRule {
  return parseCorrelationRule(correlationDocument(correlation, meta), { file: 'test.yml', documentIndex: 0 });
}

export interface TestEvent {
  '@timestamp'?: string;
  event: { id: string };
  [field: string]: unknown;
}

let nextEventId = 0;

/** An event in the normalized (nested ECS) shape; `fields` uses dotted paths for brevity. */
export function testEvent(seconds: number | undefined, fields: Record<string, unknown> = {}): TestEvent {
  nextEventId += 1;
  const event: TestEvent = { event: { id: `evt-${nextEventId}` } };
  if (seconds !== undefined) event['@timestamp'] = at(seconds);
  for (const [path, value] of Object.entries(fields)) setPath(event, path, value);
  return event;
}

export function getField(event: TestEvent, path: string): unknown {
  let current: unknown = event;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export function testEngine(
  correlations: CorrelationRule[],
  baseRules: BaseRuleIdentity[],
  options: Partial<CorrelationEngineOptions<TestEvent>> = {},
): { engine: CorrelationEngine<TestEvent>; store: InMemoryCorrelationStore } {
  const store = new InMemoryCorrelationStore(() => T0);
  const engine = new CorrelationEngine<TestEvent>(correlations, baseRules, { store, getField, ...options });
  return { engine, store };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let current = target;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    current[part] = typeof next === 'object' && next !== null ? next : {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts[parts.length - 1]] = value;
}
