import { parseSigmaFile } from '../rule/sigma-document-parser';
import type { SigmaRule } from '../rule/sigma-rule';
import { compile, type SigmaEngineOptions } from './sigma-engine';

/** A rule from a detection section written as YAML (indented under `detection:`). */
export function ruleWithDetection(detection: string, logsource = 'product: test'): SigmaRule {
  const text = `title: Test rule\nid: 00000000-0000-4000-8000-000000000001\nlogsource:\n    ${logsource}\ndetection:\n${indent(detection)}\nlevel: high\n`;
  const content = parseSigmaFile(text, 'test.yml');
  if (content.errors.length > 0) throw content.errors[0];
  return content.rules[0];
}

/** Whether an event matches a rule written as a detection section (no pipeline: fields as written). */
export function matches(
  detection: string,
  event: unknown,
  options: Partial<SigmaEngineOptions> = {},
): boolean {
  const { engine, rejected } = compile([ruleWithDetection(detection)], { pipelines: [], ...options });
  if (rejected.length > 0) throw rejected[0];
  return engine.match(event).length > 0;
}

/** The error message a detection section is rejected with. */
export function rejection(detection: string, options: Partial<SigmaEngineOptions> = {}): string {
  try {
    const { rejected } = compile([ruleWithDetection(detection)], { pipelines: [], ...options });
    return rejected[0]?.message ?? 'accepted';
  } catch (error) {
    return (error as Error).message;
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
