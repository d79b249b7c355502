import { indexTimeOf } from './index-time';

const NOW = Date.parse('2026-12-06T12:00:00.000Z');
const INGESTED = '2026-12-06T11:59:59.000Z';

describe('indexTimeOf', () => {
  it('keeps a plausible own time', () => {
    expect(indexTimeOf('2026-11-27T03:12:45.000Z', INGESTED, 365, NOW).toISOString()).toBe(
      '2026-11-27T03:12:45.000Z',
    );
  });

  it.each(['2999-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z', 'yesterday', '2026-12-07T12:00:01.000Z'])(
    'files %s by its ingest time',
    (time) => {
      expect(indexTimeOf(time, INGESTED, 365, NOW).toISOString()).toBe(INGESTED);
    },
  );

  it('falls back to now when neither time is usable', () => {
    expect(indexTimeOf('', 'not a time', 365, NOW).getTime()).toBe(NOW);
    expect(indexTimeOf('', undefined, 365, NOW).getTime()).toBe(NOW);
  });
});
