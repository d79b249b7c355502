import type { NormalizedEvent } from '@vigil/contracts';
import type { ParseOptions, ParseResult } from '../parse-line';
import type { ParseError } from '../parse-error';

/** Fixed clock: 2026-11-27 10:00 UTC (17:00 in Ho Chi Minh City). */
export const NOW = new Date('2026-11-27T10:00:00.000Z');

export function parseOptions(overrides: Partial<ParseOptions> = {}): ParseOptions {
  return { organizationId: 'agency-test', receivedAt: NOW, now: NOW, ...overrides };
}

export function expectEvent(result: ParseResult): NormalizedEvent {
  if (!result.ok) throw new Error(`expected an event, got ${result.error.code}: ${result.error.reason}`);
  return result.event;
}

export function expectError(result: ParseResult): ParseError {
  if (result.ok) throw new Error(`expected an error, got an event: ${JSON.stringify(result.event)}`);
  return result.error;
}
