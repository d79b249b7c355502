import { Inject, Injectable, Logger } from '@nestjs/common';
import { Topics, type AlertV1 } from '@vigil/contracts';
import { Publisher } from '@vigil/messaging';
import { createHash } from 'node:crypto';
import { Gauge } from 'prom-client';
import { AgencyDirectory } from '../../directory/application/agency-directory';
import { isSilent } from '../domain/ingest-health.report';
import { IngestStats } from './ingest-stats';

const lastEventAge = new Gauge({
  name: 'vigil_ingest_last_event_age_seconds',
  help: 'Seconds since the last event accepted from each agency',
  labelNames: ['agency'],
});

export const SILENT_SOURCE_RULE = { id: 'vigil-log-source-silent', title: 'Log source silent' } as const;

/**
 * Raises one "log source silent" alert per silence: an active agency that sent nothing for longer
 * than its window. The alert id is derived from the agency and the time it went quiet, and the
 * first instance to see it claims it, so the alert is raised once, not every check.
 */
@Injectable()
export class CheckSilentSourcesUseCase {
  private readonly logger = new Logger(CheckSilentSourcesUseCase.name);

  constructor(
    @Inject(AgencyDirectory) private readonly directory: AgencyDirectory,
    @Inject(IngestStats) private readonly stats: IngestStats,
    @Inject(Publisher) private readonly publisher: Publisher,
  ) {}

  async execute(now = new Date()): Promise<AlertV1[]> {
    const raised: AlertV1[] = [];
    for (const agency of this.directory.all()) {
      if (agency.status !== 'active') continue;
      const { lastEventAt } = await this.stats.read(agency.id, 1, now);
      if (lastEventAt !== undefined) {
        lastEventAge.set({ agency: agency.id }, (now.getTime() - Date.parse(lastEventAt)) / 1000);
      }
      if (!isSilent(lastEventAt, agency.createdAt, agency.silenceWindowMinutes, now.getTime())) continue;
      const since = lastEventAt ?? agency.createdAt;
      if (!(await this.stats.claimSilenceAlert(agency.id, since))) continue;
      const alert = silentAlert(agency.id, since, agency.silenceWindowMinutes, now);
      await this.publisher.publish(Topics.AlertsV1, alert);
      this.logger.warn({ msg: 'log source silent', agency: agency.id, since });
      raised.push(alert);
    }
    return raised;
  }
}

function silentAlert(agencyId: string, since: string, windowMinutes: number, now: Date): AlertV1 {
  return {
    id: createHash('sha256')
      .update(`${SILENT_SOURCE_RULE.id}|${agencyId}|${since}`)
      .digest('hex')
      .slice(0, 32),
    kind: 'system',
    '@timestamp': now.toISOString(),
    raised_at: now.toISOString(),
    rule: { ...SILENT_SOURCE_RULE, level: 'medium', tags: ['vigil.ingest-health'] },
    organization: { id: agencyId },
    events: [],
    group_key: `${SILENT_SOURCE_RULE.id}|${agencyId}`,
    explanation: {
      last_event_at: since,
      silence_window_minutes: windowMinutes,
      message: `no events from agency ${agencyId} since ${since} (window ${windowMinutes} min)`,
    },
  };
}
