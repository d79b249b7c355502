import { exampleEventV1, type NormalizedEvent } from '@vigil/contracts';
import { eventIndexName, parseEventIndexName } from './event-index';

const NOW = Date.parse('2026-12-06T12:00:00.000Z');
const event = (agency: string, timestamp: string): NormalizedEvent => {
  const example = exampleEventV1();
  return {
    ...example,
    '@timestamp': timestamp,
    event: { ...example.event, id: 'client-chosen-1', ingested: '2026-12-06T11:59:59.000Z' },
    organization: { id: agency },
  };
};

describe('eventIndexName', () => {
  it('namespaces a client-chosen event id by agency: the same id of two agencies lands in two indices', () => {
    const a = eventIndexName('vigil-events', event('so-a', '2026-11-27T03:00:00.000Z'), 365, NOW);
    const b = eventIndexName('vigil-events', event('so-b', '2026-11-27T03:00:00.000Z'), 365, NOW);
    expect([a, b]).toEqual(['vigil-events-so-a-2026.11.27', 'vigil-events-so-b-2026.11.27']);
    expect(parseEventIndexName('vigil-events', b)?.agencyId).toBe('so-b');
  });

  it.each(['2999-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z'])(
    'files an event claiming %s by its ingest day',
    (timestamp) => {
      expect(eventIndexName('vigil-events', event('so-a', timestamp), 365, NOW)).toBe(
        'vigil-events-so-a-2026.12.06',
      );
    },
  );
});
