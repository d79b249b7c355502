import type { Provider, Type } from '@nestjs/common';
import { SystemDirectory } from '../directory/application/system-directory';
import {
  DIRECTORY_SYSTEMS_KEY,
  RedisSystemDirectory,
} from '../directory/infrastructure/redis-system.directory';
import { DirectoryConsumer } from '../directory/interface/kafka/directory.consumer';
import { WORKFLOW_DATA } from '../workflow/domain/workflow-data';
import { loadWorkflowData, workflowDirectory } from '../workflow/infrastructure/workflow-data.loader';
import { AffectedSystems } from './application/affected-systems';
import { AlertEscalation } from './application/alert-escalation';
import { CommentIncidentUseCase } from './application/comment-incident.use-case';
import { DissolveIncidentUseCase } from './application/dissolve-incident.use-case';
import { EscalateAlertsUseCase } from './application/escalate-alerts.use-case';
import { GroupAlertsUseCase } from './application/group-alerts.use-case';
import { GroupingLock } from './application/grouping.lock';
import { IncidentChanges } from './application/incident-changes';
import { IncidentIdSequence } from './application/incident-id.sequence';
import { IncidentRepository } from './application/incident.repository';
import { ReadIncidentsUseCase } from './application/read-incidents.use-case';
import { ReportIncidentUseCase } from './application/report-incident.use-case';
import { TransitionIncidentUseCase } from './application/transition-incident.use-case';
import { UnlinkAlertUseCase } from './application/unlink-alert.use-case';
import { UpdateIncidentUseCase } from './application/update-incident.use-case';
import { UpdateTaskUseCase } from './application/update-task.use-case';
import {
  ElasticsearchIncidentRepository,
  INCIDENTS_INDEX,
  incidentsIndexName,
} from './infrastructure/elasticsearch-incident.repository';
import { QueueAlertEscalation } from './infrastructure/queue-alert-escalation';
import { GROUPING_LOCK_PREFIX, RedisGroupingLock } from './infrastructure/redis-grouping.lock';
import { INCIDENT_SEQUENCE_KEY, RedisIncidentIdSequence } from './infrastructure/redis-incident-id.sequence';
import { IncidentsController } from './interface/http/incidents.controller';
import { AlertsGroupingConsumer } from './interface/kafka/alerts-grouping.consumer';

/**
 * Incidents and the response workflow: the workflow, playbooks and grouping rules loaded from
 * data at start (a bad file stops the service naming it), incidents in Elasticsearch, ids and
 * grouping locks in Redis, the directory's systems cached in Redis from vigil.directory.v1,
 * automatic grouping of vigil.alerts.v1, and the HTTP API (incidents:read, incidents:respond).
 * Needs the audit module's AuditTrail and the alert queue's use cases (through AlertEscalation).
 */
export function incidentsProviders(options: { namespace: string; workflowDir: string }): Provider[] {
  return [
    { provide: WORKFLOW_DATA, useFactory: () => loadWorkflowData(workflowDirectory(options.workflowDir)) },
    { provide: INCIDENTS_INDEX, useValue: incidentsIndexName(options.namespace) },
    { provide: INCIDENT_SEQUENCE_KEY, useValue: `${options.namespace}:incidents:seq` },
    { provide: GROUPING_LOCK_PREFIX, useValue: `${options.namespace}:incidents:grouping-lock` },
    { provide: DIRECTORY_SYSTEMS_KEY, useValue: `${options.namespace}:incidents:directory:systems` },
    { provide: IncidentRepository, useClass: ElasticsearchIncidentRepository },
    { provide: IncidentIdSequence, useClass: RedisIncidentIdSequence },
    { provide: GroupingLock, useClass: RedisGroupingLock },
    { provide: SystemDirectory, useClass: RedisSystemDirectory },
    { provide: AlertEscalation, useClass: QueueAlertEscalation },
    AffectedSystems,
    IncidentChanges,
    ReadIncidentsUseCase,
    EscalateAlertsUseCase,
    ReportIncidentUseCase,
    GroupAlertsUseCase,
    UpdateIncidentUseCase,
    TransitionIncidentUseCase,
    CommentIncidentUseCase,
    UpdateTaskUseCase,
    UnlinkAlertUseCase,
    DissolveIncidentUseCase,
    DirectoryConsumer,
    AlertsGroupingConsumer,
  ];
}

export const incidentsControllers: Type[] = [IncidentsController];
