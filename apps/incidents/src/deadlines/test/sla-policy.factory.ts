import type { SlaPolicy } from '../domain/sla-policy';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** The defaults of the issue, as the shipped sla.yml holds them (checked in sla-policy.loader.spec). */
export const defaultPolicy = (): SlaPolicy => ({
  warnBefore: { percent: 20 },
  alertPriority: { critical: 'P1', high: 'P2' },
  waitingStates: { alert: ['new'], incident: ['received'] },
  responseEndsAtState: 'final-report',
  stopStates: ['closed', 'not-an-incident', 'duplicate'],
  deadlines: {
    acknowledge: {
      team: 'soc-analysts',
      byPriority: { P1: 15 * MIN, P2: HOUR },
      byLegalClass: {},
      metByReports: [],
    },
    'national-notification': {
      team: 'incident-response',
      windowMs: 5 * DAY,
      byPriority: {},
      byLegalClass: {},
      metByReports: ['initial', 'progress', 'final'],
    },
    'immediate-report': {
      team: 'incident-response',
      windowMs: 24 * HOUR,
      byPriority: {},
      byLegalClass: {},
      metByReports: ['initial', 'progress', 'final'],
    },
    'final-report': {
      team: 'incident-response',
      windowMs: 5 * DAY,
      byPriority: {},
      byLegalClass: {},
      metByReports: ['final'],
    },
  },
});
