/** An agency's recent intake, as the shared counters hold it. */
export interface IngestHealth {
  agencyId: string;
  lastEventAt?: string;
  /**
   * Accepted events, rejected lines and dropped UDP datagrams (over quota: UDP cannot push back)
   * in each of the last `minutes` whole minutes, oldest first.
   */
  perMinute: { minute: string; accepted: number; rejected: number; dropped: number }[];
}

export interface IngestHealthReport {
  agency_id: string;
  last_event_at: string | null;
  events_last_minute: number;
  /** Average over the last five whole minutes. */
  events_per_minute: number;
  /** Share of lines that could not be parsed over the window (0–1). */
  parse_error_rate: number;
  /** Syslog UDP datagrams dropped over the window because the agency was over its quota. */
  udp_dropped_over_quota: number;
  silence_window_minutes: number;
  silent: boolean;
  per_minute: IngestHealth['perMinute'];
}

/** Whether an agency has been silent for longer than its window (0 = never checked). */
export function isSilent(
  lastEventAt: string | undefined,
  since: string,
  windowMinutes: number,
  now: number,
): boolean {
  if (windowMinutes <= 0) return false;
  const last = Date.parse(lastEventAt ?? since);
  return now - last > windowMinutes * 60_000;
}

export function healthReport(
  health: IngestHealth,
  agency: { createdAt: string; silenceWindowMinutes: number },
  now: number,
): IngestHealthReport {
  // The current minute is still filling: rates use whole minutes only.
  const whole = health.perMinute.slice(0, -1);
  const lastFive = whole.slice(-5);
  const accepted = whole.reduce((sum, minute) => sum + minute.accepted, 0);
  const rejected = whole.reduce((sum, minute) => sum + minute.rejected, 0);
  return {
    agency_id: health.agencyId,
    last_event_at: health.lastEventAt ?? null,
    events_last_minute: whole.at(-1)?.accepted ?? 0,
    events_per_minute:
      lastFive.length === 0
        ? 0
        : lastFive.reduce((sum, minute) => sum + minute.accepted, 0) / lastFive.length,
    parse_error_rate: accepted + rejected === 0 ? 0 : rejected / (accepted + rejected),
    udp_dropped_over_quota: health.perMinute.reduce((sum, minute) => sum + minute.dropped, 0),
    silence_window_minutes: agency.silenceWindowMinutes,
    silent: isSilent(health.lastEventAt, agency.createdAt, agency.silenceWindowMinutes, now),
    per_minute: health.perMinute,
  };
}
