import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  UseFilters,
  ValidationPipe,
} from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, Permission, type Principal } from '@vigil/auth';
import { WORKFLOW_DATA, type WorkflowData } from '../../../workflow/domain/workflow-data';
import { CommentIncidentUseCase } from '../../application/comment-incident.use-case';
import { DissolveIncidentUseCase } from '../../application/dissolve-incident.use-case';
import { EscalateAlertsUseCase } from '../../application/escalate-alerts.use-case';
import { ReadIncidentsUseCase } from '../../application/read-incidents.use-case';
import { ReportIncidentUseCase } from '../../application/report-incident.use-case';
import { TransitionIncidentUseCase } from '../../application/transition-incident.use-case';
import { UnlinkAlertUseCase } from '../../application/unlink-alert.use-case';
import { UpdateIncidentUseCase } from '../../application/update-incident.use-case';
import { UpdateTaskUseCase } from '../../application/update-task.use-case';
import {
  CommentDto,
  EscalateAlertsDto,
  ListIncidentsQueryDto,
  ReasonDto,
  ReportIncidentDto,
  TransitionDto,
  UpdateIncidentDto,
  UpdateTaskDto,
} from './incident.dto';
import { presentIncident } from './incident.presenter';
import type { TimesDto } from './incident.dto';
import { IncidentsErrorFilter } from './incidents-error.filter';

const validation = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
const conflict = ApiConflictResponse({
  description: 'version_conflict: someone changed it first; the body carries current_version',
});
const notFound = ApiNotFoundResponse({ description: 'no such incident in your agency scope' });

/**
 * Incidents and the response workflow. Reads and writes are limited to the caller's agency scope
 * in the repository; agency staff see their agency's incidents and work only its tasks.
 */
@ApiTags('incidents')
@Controller('v1/incidents')
@UseFilters(IncidentsErrorFilter)
export class IncidentsController {
  constructor(
    @Inject(ReadIncidentsUseCase) private readonly read: ReadIncidentsUseCase,
    @Inject(EscalateAlertsUseCase) private readonly escalate: EscalateAlertsUseCase,
    @Inject(ReportIncidentUseCase) private readonly report: ReportIncidentUseCase,
    @Inject(UpdateIncidentUseCase) private readonly update: UpdateIncidentUseCase,
    @Inject(TransitionIncidentUseCase) private readonly transition: TransitionIncidentUseCase,
    @Inject(CommentIncidentUseCase) private readonly comment: CommentIncidentUseCase,
    @Inject(UpdateTaskUseCase) private readonly updateTask: UpdateTaskUseCase,
    @Inject(UnlinkAlertUseCase) private readonly unlink: UnlinkAlertUseCase,
    @Inject(DissolveIncidentUseCase) private readonly dissolve: DissolveIncidentUseCase,
    @Inject(WORKFLOW_DATA) private readonly data: WorkflowData,
  ) {}

  @Get()
  @Permission('incidents:read')
  @ApiOperation({
    summary: 'List incidents, newest first (filters: state, priority, category, agency, drill; offset/limit)',
  })
  async list(
    @Query(validation) query: ListIncidentsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const page = await this.read.list(
      {
        state: query.state,
        priority: query.priority,
        category: query.category,
        agencyId: query.agency,
        drill: query.drill === undefined ? undefined : query.drill === 'true',
        from: offset,
        size: limit,
      },
      principal,
    );
    return { total: page.total, offset, limit, incidents: page.incidents.map(presentIncident) };
  }

  @Get('workflow')
  @Permission('incidents:read')
  @ApiOperation({ summary: 'The workflow in force: states, transitions (roles, requirements) and playbooks' })
  workflow(): Record<string, unknown> {
    return {
      initial: this.data.workflow.initial,
      states: this.data.workflow.states,
      transitions: this.data.workflow.transitions,
      playbooks: [...this.data.playbooks.values()],
      grouping_rules: this.data.groupingRules,
    };
  }

  @Get(':id')
  @Permission('incidents:read')
  @ApiOperation({ summary: 'One incident (agency staff see only the tasks assigned to their agency)' })
  @notFound
  async get(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return presentIncident(await this.read.get(id, principal));
  }

  @Post('escalations')
  @Permission('incidents:respond')
  @ApiOperation({
    summary: 'Escalate alerts to a new incident (all of one agency; the alerts are marked escalated)',
  })
  @ApiNotFoundResponse({
    description: 'alert_not_found: alerts absent or outside your scope (alert_ids lists them)',
  })
  @ApiUnprocessableEntityResponse({ description: 'alerts of another agency, closed or escalated already' })
  async escalateAlerts(
    @Body(validation) body: EscalateAlertsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const incident = await this.escalate.execute(
      {
        alertIds: body.alert_ids,
        agencyId: body.agency_id,
        title: body.title,
        description: body.description,
        category: body.category,
        systemIds: body.system_ids,
        impacts: body.impacts,
        suspectedSerious: body.suspected_serious,
      },
      principal,
    );
    return presentIncident(incident);
  }

  @Post('reports')
  @Permission('incidents:respond')
  @ApiOperation({ summary: 'An agency reports an incident of its own (agency role; source "agency")' })
  async reportIncident(
    @Body(validation) body: ReportIncidentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const incident = await this.report.execute(
      {
        title: body.title,
        description: body.description,
        agencyId: body.agency_id,
        category: body.category,
        systemIds: body.system_ids,
        impacts: body.impacts,
        suspectedSerious: body.suspected_serious,
        occurredAt: body.occurred_at,
        detectedAt: body.detected_at,
      },
      principal,
    );
    return presentIncident(incident);
  }

  @Patch(':id')
  @Permission('incidents:respond')
  @ApiOperation({
    summary:
      'Edit facts (title, category, systems, impacts, times, root cause, observables …); priority and legal class follow',
  })
  @notFound
  @conflict
  async patch(
    @Param('id') id: string,
    @Body(validation) body: UpdateIncidentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const incident = await this.update.execute(
      id,
      {
        version: body.version,
        title: body.title,
        description: body.description,
        category: body.category,
        systemIds: body.system_ids,
        impacts: body.impacts,
        suspectedSerious: body.suspected_serious,
        times: body.times && timesOf(body.times),
        rootCause: body.root_cause,
        addObservables: body.add_observables,
        removeObservableIds: body.remove_observable_ids,
      },
      principal,
    );
    return presentIncident(incident);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Permission('incidents:respond')
  @ApiOperation({
    summary: 'Move the incident along the workflow (roles and required fields per transition)',
  })
  @notFound
  @conflict
  @ApiUnprocessableEntityResponse({
    description: 'transition_requirements_unmet: `missing` names what is required',
  })
  async move(
    @Param('id') id: string,
    @Body(validation) body: TransitionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const incident = await this.transition.execute(
      id,
      {
        version: body.version,
        to: body.to,
        reason: body.reason,
        rootCause: body.root_cause,
        duplicateOf: body.duplicate_of,
      },
      principal,
    );
    return presentIncident(incident);
  }

  @Post(':id/comments')
  @Permission('incidents:respond')
  @ApiOperation({ summary: 'Comment on the incident' })
  @notFound
  @conflict
  async addComment(
    @Param('id') id: string,
    @Body(validation) body: CommentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return presentIncident(
      await this.comment.execute(id, { version: body.version, text: body.text }, principal),
    );
  }

  @Patch(':id/tasks/:taskId')
  @Permission('incidents:respond')
  @ApiOperation({ summary: "Work a task: status, checklist, note (agency staff: their agency's tasks only)" })
  @notFound
  @conflict
  async patchTask(
    @Param('id') id: string,
    @Param('taskId') taskId: string,
    @Body(validation) body: UpdateTaskDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const incident = await this.updateTask.execute(
      id,
      taskId,
      { version: body.version, status: body.status, checklist: body.checklist, note: body.note },
      principal,
    );
    return presentIncident(incident);
  }

  @Post(':id/alerts/:alertId/unlink')
  @HttpCode(200)
  @Permission('incidents:respond')
  @ApiOperation({ summary: 'Take an alert out of the incident (undo a grouping); no rule puts it back' })
  @notFound
  @conflict
  async unlinkAlert(
    @Param('id') id: string,
    @Param('alertId') alertId: string,
    @Body(validation) body: ReasonDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return presentIncident(
      await this.unlink.execute(id, alertId, { version: body.version, reason: body.reason }, principal),
    );
  }

  @Post(':id/dissolve')
  @HttpCode(200)
  @Permission('incidents:respond')
  @ApiOperation({ summary: 'Dissolve an incident a grouping rule created (undo); its alerts are released' })
  @notFound
  @conflict
  async dissolveIncident(
    @Param('id') id: string,
    @Body(validation) body: ReasonDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return presentIncident(
      await this.dissolve.execute(id, { version: body.version, reason: body.reason }, principal),
    );
  }
}

/** Only the times the request sets: an absent one leaves the incident's as it is. */
function timesOf(times: TimesDto): Partial<Record<'occurred' | 'detected' | 'reported', string>> {
  return Object.fromEntries(Object.entries(times).filter(([, time]) => typeof time === 'string'));
}
