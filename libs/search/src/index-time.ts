const DAY = 24 * 60 * 60 * 1000;

/**
 * The time a document is filed under in time-based indices (events by day, alerts by month): its
 * own time when it can be right, else `fallback` (its ingest time), else now. Device clocks drift
 * and event content is attacker-chosen, so a time more than a day ahead or older than `maxAgeDays`
 * would park the document in an index from the future or one retention deletes at once.
 */
export function indexTimeOf(
  time: string,
  fallback: string | undefined,
  maxAgeDays: number,
  now: number,
): Date {
  const own = Date.parse(time);
  if (Number.isFinite(own) && own <= now + DAY && own >= now - maxAgeDays * DAY) return new Date(own);
  const ingested = fallback === undefined ? Number.NaN : Date.parse(fallback);
  return new Date(Number.isFinite(ingested) ? ingested : now);
}
