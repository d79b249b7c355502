import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Principal } from '@vigil/auth';
import { SOC_ORGANIZATION_ID, type AlertV1 } from '@vigil/contracts';
import { AuditTrail } from '../../audit/application/audit-trail';
import { WORKFLOW_DATA, type WorkflowData } from '../../workflow/domain/workflow-data';
import type { Impact } from '../domain/classification';
import type { Incident, IncidentCategory } from '../domain/incident';
import { IncidentsError, IncidentsErrorCode } from '../domain/incidents.error';
import { detectedAt, drillRunOfAll, linkOf, newIncident } from '../domain/new-incident';
import { AffectedSystems } from './affected-systems';
import { AlertEscalation } from './alert-escalation';
import { auditOf, authorOf } from './incident-changes';
import { IncidentIdSequence } from './incident-id.sequence';
import { IncidentRepository } from './incident.repository';
import { isAgencyStaff } from './incident-view';

export interface EscalateAlertsCommand {
  alertIds: string[];
  /** Defaults to the alerts' agency; every alert must be this agency's. */
  agencyId?: string;
  title?: string;
  description?: string;
  category?: IncidentCategory;
  systemIds?: string[];
  impacts?: Impact[];
  suspectedSerious?: boolean;
}

export const MAX_ESCALATED_ALERTS = 500;

/**
 * An analyst escalates alerts to a new incident: every alert must exist in the analyst's scope,
 * belong to the incident's agency, be neither closed nor escalated elsewhere, and be all drill or
 * all real. The incident links them, the alerts are marked escalated, the creation is audited.
 */
@Injectable()
export class EscalateAlertsUseCase {
  private readonly logger = new Logger(EscalateAlertsUseCase.name);

  constructor(
    @Inject(AlertEscalation) private readonly alerts: AlertEscalation,
    @Inject(IncidentRepository) private readonly incidents: IncidentRepository,
    @Inject(IncidentIdSequence) private readonly ids: IncidentIdSequence,
    @Inject(AffectedSystems) private readonly systems: AffectedSystems,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(WORKFLOW_DATA) private readonly data: WorkflowData,
  ) {}

  async execute(command: EscalateAlertsCommand, principal: Principal): Promise<Incident> {
    // Layer 1 works the tasks it is given; escalating alerts is the SOC's triage.
    if (isAgencyStaff(principal))
      throw IncidentsError.forbidden(
        'agency staff report incidents (POST /v1/incidents/reports); the SOC escalates alerts',
      );
    const alertIds = [...new Set(command.alertIds)];
    if (alertIds.length === 0) throw IncidentsError.invalid('alert_ids', 'name at least one alert');
    if (alertIds.length > MAX_ESCALATED_ALERTS)
      throw IncidentsError.invalid('alert_ids', `at most ${MAX_ESCALATED_ALERTS} alerts at once`);
    const { alerts, missing } = await this.alerts.readAlerts(alertIds, principal.scope);
    if (missing.length > 0)
      throw new IncidentsError(IncidentsErrorCode.AlertNotFound, `alerts not found: ${missing.join(', ')}`, {
        field: 'alert_ids',
        alert_ids: missing,
      });
    const agencyId = command.agencyId ?? alerts.at(0)?.alert.organization.id ?? SOC_ORGANIZATION_ID;
    const foreign = alerts.filter((item) => item.alert.organization.id !== agencyId);
    if (foreign.length > 0)
      throw IncidentsError.invalid(
        'alert_ids',
        `alerts not of agency "${agencyId}": ${foreign.map((item) => item.alert.id).join(', ')}`,
      );
    const unavailable = alerts.filter((item) => item.state === 'closed' || item.state === 'escalated');
    if (unavailable.length > 0)
      throw IncidentsError.invalid(
        'alert_ids',
        `alerts already ${unavailable.map((item) => `${item.alert.id} (${item.state}${item.incidentId ? ` to ${item.incidentId}` : ''})`).join(', ')}`,
      );
    const drill = drillRunOfAll(alerts.map((item) => item.alert));
    if (drill.mixed)
      throw IncidentsError.invalid('alert_ids', 'drill alerts and real alerts cannot share an incident');

    const author = authorOf(principal);
    const now = new Date();
    const first = alerts.at(0)?.alert;
    const detected = detectedAt(alerts.map((item) => item.alert));
    const incident = newIncident({
      id: await this.ids.next(now),
      title: command.title ?? (first ? first.rule.title : 'Escalated alerts'),
      description: command.description ?? '',
      agencyId,
      source: 'alerts',
      initialState: this.data.workflow.initial,
      category: command.category,
      systems:
        command.systemIds === undefined
          ? await this.systems.onHosts(agencyId, hostsOf(alerts.map((item) => item.alert)))
          : await this.systems.resolve(agencyId, command.systemIds),
      impacts: command.impacts,
      suspectedSerious: command.suspectedSerious,
      times: detected === undefined ? {} : { detected, reported: now.toISOString() },
      linkedAlerts: alerts.map((item) => linkOf(item.alert, author.actor, now)),
      drillRunId: drill.runId,
      by: author.actor,
      at: now,
    });
    await this.incidents.create(incident);
    try {
      await this.alerts.markEscalated({
        alertIds,
        incidentId: incident.id,
        organizationId: agencyId,
        actor: author.actor,
        scope: principal.scope,
      });
    } catch (error) {
      // An analyst closed or escalated one meanwhile: the new incident must not stay half-made.
      await this.incidents.replace(
        {
          ...incident,
          version: 2,
          dissolved: { at: new Date().toISOString(), by: author.actor, reason: 'escalation failed' },
        },
        1,
      );
      this.logger.warn({
        msg: 'escalation failed; incident dissolved',
        incident: incident.id,
        error: String(error),
      });
      throw error;
    }
    await this.audit.record([
      auditOf(incident, author, { action: 'created', reason: 'escalated from alerts' }),
    ]);
    return incident;
  }
}

/** The host names the alerts name (attacker-chosen text: only strings, bounded). */
export function hostsOf(alerts: readonly AlertV1[]): string[] {
  return alerts.flatMap((alert) => {
    const host = alert.host?.name;
    return typeof host === 'string' && host !== '' && host.length <= 253 ? [host] : [];
  });
}
