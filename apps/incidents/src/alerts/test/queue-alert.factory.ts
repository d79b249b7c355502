import type { Actor } from '@vigil/auth';
import { exampleAlertV1, exampleSocAlertV1, type AlertV1 } from '@vigil/contracts';
import { randomUUID } from 'node:crypto';
import { receivedAlert, type QueueAlert } from '../domain/queue-alert';

/** An agency alert from the contract's example, with a fresh id and the given changes. */
export function alertFactory(overrides: Partial<AlertV1> = {}): AlertV1 {
  return { ...exampleAlertV1(), id: randomUUID().replaceAll('-', ''), ...overrides };
}

export function socAlertFactory(overrides: Partial<AlertV1> = {}): AlertV1 {
  return { ...exampleSocAlertV1(), id: randomUUID().replaceAll('-', ''), ...overrides };
}

export function queueAlertFactory(
  overrides: Partial<AlertV1> = {},
  now = new Date('2026-11-27T03:13:00.000Z'),
): QueueAlert {
  return receivedAlert(alertFactory(overrides), now);
}

export const analyst: Actor = { id: 'user-analyst-1', name: 'Nguyễn Văn An', roles: ['analyst'] };
