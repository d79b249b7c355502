import { Controller, Get, Inject, Param, Query, UseFilters, ValidationPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, type Principal } from '@vigil/auth';
import { AlertQueueRepository } from '../../application/alert-queue.repository';
import { AlertsError } from '../../domain/alerts.error';
import { AlertsErrorFilter } from './alerts-error.filter';
import { GroupsQueryDto, QueueFilterQueryDto } from './queue.dto';
import { DEFAULT_PAGE, MAX_ID_CHARS, queueFilterOf } from './queue-filter';
import { presentAlert, presentItem } from './queue.presenter';

const validation = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

/**
 * Reading the alert queue: items (similar alerts folded), their alerts, single alerts and counts
 * by field. Every read is limited to the caller's agency scope by the repository.
 */
@ApiTags('alert queue')
@Controller('v1/queue')
@UseFilters(AlertsErrorFilter)
export class QueueController {
  constructor(@Inject(AlertQueueRepository) private readonly repository: AlertQueueRepository) {}

  @Get('items')
  @Permission('alerts:read')
  @ApiOperation({
    summary:
      'Queue items, most recently active first: similar alerts (same agency, rule and group key) folded',
  })
  @ApiOkResponse({ description: '{ total, items: [...], next? }: pass `next` as `cursor` for the next page' })
  async items(
    @Query(validation) query: QueueFilterQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const page = await this.repository.listItems(
      queueFilterOf(query),
      { limit: query.limit ?? DEFAULT_PAGE, cursor: query.cursor },
      principal.scope,
    );
    return { total: page.total, items: page.items.map(presentItem), next: page.next };
  }

  @Get('items/:id')
  @Permission('alerts:read')
  @ApiOperation({ summary: 'One queue item with its counts, first and last seen, and version' })
  async item(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const found = id.length > MAX_ID_CHARS ? undefined : await this.repository.getItem(id, principal.scope);
    if (found === undefined) throw AlertsError.itemNotFound(id);
    return presentItem(found);
  }

  @Get('items/:id/alerts')
  @Permission('alerts:read')
  @ApiOperation({ summary: "The item unfolded: its alerts, newest first (the queue's filters apply too)" })
  async itemAlerts(
    @Param('id') id: string,
    @Query(validation) query: QueueFilterQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const found = id.length > MAX_ID_CHARS ? undefined : await this.repository.getItem(id, principal.scope);
    if (found === undefined) throw AlertsError.itemNotFound(id);
    const page = await this.repository.listAlerts(
      { ...queueFilterOf(query), itemId: id },
      { limit: query.limit ?? DEFAULT_PAGE, cursor: query.cursor },
      principal.scope,
    );
    return { total: page.total, alerts: page.items.map(presentAlert), next: page.next };
  }

  @Get('alerts')
  @Permission('alerts:read')
  @ApiOperation({ summary: 'Alerts one by one, newest first, with the same filters as items' })
  async alerts(
    @Query(validation) query: QueueFilterQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const page = await this.repository.listAlerts(
      queueFilterOf(query),
      { limit: query.limit ?? DEFAULT_PAGE, cursor: query.cursor },
      principal.scope,
    );
    return { total: page.total, alerts: page.items.map(presentAlert), next: page.next };
  }

  @Get('alerts/:id')
  @Permission('alerts:read')
  @ApiOperation({ summary: 'One alert: its triage (state, who, when, why), assignment, and version' })
  async alert(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const found = id.length > MAX_ID_CHARS ? undefined : await this.repository.getAlert(id, principal.scope);
    if (found === undefined) throw AlertsError.alertNotFound(id);
    return presentAlert(found);
  }

  @Get('groups')
  @Permission('alerts:read')
  @ApiOperation({
    summary: 'Alert counts by rule, agency, host, source, level, state or assignee (filters apply), paged',
  })
  async groups(
    @Query(validation) query: GroupsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const page = await this.repository.groups(
      query.by,
      queueFilterOf(query),
      { limit: query.limit ?? DEFAULT_PAGE, cursor: query.cursor },
      principal.scope,
    );
    return { by: query.by, total_alerts: page.total, groups: page.items, next: page.next };
  }
}
