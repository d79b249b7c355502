import { BadRequestException, Controller, Get, Inject, Param, Query, ValidationPipe } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, type Principal } from '@vigil/auth';
import type { Breach, BreachCount } from '../../application/breach-log';
import type { DeliveryAttempt } from '../../application/delivery-log';
import { ReadDeliveriesUseCase } from '../../application/read-deliveries.use-case';
import { ReportBreachesUseCase } from '../../application/report-breaches.use-case';
import { BreachesQueryDto } from './breaches.dto';

/** SLA breaches for people and charts: counts per agency, team, priority, kind and period. */
@ApiTags('deadlines')
@Controller('v1/deadlines')
export class BreachesController {
  constructor(
    @Inject(ReportBreachesUseCase) private readonly report: ReportBreachesUseCase,
    @Inject(ReadDeliveriesUseCase) private readonly deliveries: ReadDeliveriesUseCase,
  ) {}

  @Get('breaches')
  @Permission('incidents:read')
  @ApiOperation({
    summary: 'SLA breaches in your agency scope, with counts per agency, team, priority, kind and period',
    description: 'Drill breaches are left out unless drill=include or drill=only.',
  })
  @ApiOkResponse({
    description:
      'total, counts (by_agency, by_team, by_priority, by_kind, by_period) and the newest breaches',
  })
  @ApiBadRequestResponse({ description: 'a query parameter is invalid; the message names it' })
  async breaches(
    @Query(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
    query: BreachesQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    if (query.from !== undefined && query.to !== undefined && Date.parse(query.from) >= Date.parse(query.to))
      throw new BadRequestException({
        error: 'invalid_request',
        field: 'to',
        message: 'to must be after from',
      });
    const report = await this.report.execute(
      {
        ...(query.from === undefined ? {} : { from: query.from }),
        ...(query.to === undefined ? {} : { to: query.to }),
        ...(query.agency === undefined ? {} : { agencies: query.agency }),
        ...(query.priority === undefined ? {} : { priorities: query.priority }),
        ...(query.kind === undefined ? {} : { kinds: query.kind }),
        ...(query.team === undefined ? {} : { teams: query.team }),
        drill: query.drill ?? 'exclude',
        interval: query.interval ?? 'day',
        limit: query.limit ?? 50,
      },
      principal,
    );
    const counts = (list: readonly BreachCount[]) => list.map(({ key, count }) => ({ key, count }));
    return {
      total: report.total,
      by_agency: counts(report.byAgency),
      by_team: counts(report.byTeam),
      by_priority: counts(report.byPriority),
      by_kind: counts(report.byKind),
      by_period: counts(report.byPeriod),
      breaches: report.breaches.map(present),
    };
  }

  @Get('breaches/:deadlineId/deliveries')
  @Permission('incidents:read')
  @ApiOperation({
    summary:
      "Every attempt to deliver a breach's webhook and e-mail (outcome, HTTP status or error), in your agency scope",
  })
  @ApiOkResponse({
    description: '{"deliveries":[…]}; empty for a breach outside your scope or never notified',
  })
  @ApiBadRequestResponse({ description: 'deadlineId is not a deadline id (32 hex characters)' })
  async deliveryLog(
    @Param('deadlineId') deadlineId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ deliveries: Record<string, unknown>[] }> {
    if (!/^[0-9a-f]{32}$/.test(deadlineId))
      throw new BadRequestException({
        error: 'invalid_request',
        field: 'deadlineId',
        message: 'deadlineId must be 32 hex characters',
      });
    const attempts = await this.deliveries.execute(deadlineId, principal);
    return { deliveries: attempts.map(presentAttempt) };
  }
}

function presentAttempt(attempt: DeliveryAttempt): Record<string, unknown> {
  return {
    delivery_id: attempt.deliveryId,
    channel: attempt.channel,
    attempt: attempt.attempt,
    at: attempt.at,
    outcome: attempt.outcome,
    detail: attempt.detail,
  };
}

function present(breach: Breach): Record<string, unknown> {
  return {
    deadline_id: breach.deadlineId,
    kind: breach.kind,
    subject: breach.subject,
    organization_id: breach.organizationId,
    team: breach.team,
    priority: breach.priority ?? null,
    legal_class: breach.legalClass ?? null,
    start_at: breach.startAt,
    due_at: breach.dueAt,
    breached_at: breach.breachedAt,
    drill: breach.drillRunId !== undefined,
    ...(breach.drillRunId === undefined ? {} : { drill_run_id: breach.drillRunId }),
  };
}
