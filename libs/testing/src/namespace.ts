import { randomBytes } from 'node:crypto';

/**
 * A fresh namespace per test file: physical topics, consumer groups and indices get this prefix,
 * so tests share the real servers without seeing each other's data.
 */
export function testNamespace(label: string): string {
  return `test-${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
