import { Body, Controller, HttpCode, Inject, Param, Post, UseFilters, ValidationPipe } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, Permission, type Principal } from '@vigil/auth';
import { BulkTriageUseCase } from '../../application/bulk-triage.use-case';
import { TriageAlertUseCase } from '../../application/triage-alert.use-case';
import { TriageItemUseCase } from '../../application/triage-item.use-case';
import { AlertsError } from '../../domain/alerts.error';
import type { TriageAction } from '../../domain/triage';
import { AlertsErrorFilter } from './alerts-error.filter';
import { BulkTriageRequestDto, TriageRequestDto } from './queue.dto';
import { MAX_ID_CHARS } from './queue-filter';
import { presentAlert, presentItem } from './queue.presenter';

const validation = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

/** Triage: acknowledge, assign, close (false positive, benign, duplicate) or reopen alerts and items. */
@ApiTags('alert queue')
@Controller('v1/queue')
@UseFilters(AlertsErrorFilter)
export class TriageController {
  constructor(
    @Inject(TriageAlertUseCase) private readonly triageAlert: TriageAlertUseCase,
    @Inject(TriageItemUseCase) private readonly triageItem: TriageItemUseCase,
    @Inject(BulkTriageUseCase) private readonly bulk: BulkTriageUseCase,
  ) {}

  @Post('alerts/:id/triage')
  @HttpCode(200)
  @Permission('alerts:triage')
  @ApiOperation({ summary: 'Acknowledge, assign, close or reopen one alert (audited: who, when, why)' })
  @ApiOkResponse({ description: 'The alert as changed, with its new version' })
  @ApiConflictResponse({
    description: 'concurrent_change: the version sent is stale; current_version says the new one',
  })
  @ApiUnprocessableEntityResponse({ description: 'invalid_transition: the alert is closed or escalated' })
  async alert(
    @Param('id') id: string,
    @Body(validation) body: TriageRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    if (id.length > MAX_ID_CHARS) throw AlertsError.alertNotFound(id);
    const changed = await this.triageAlert.execute({
      alertId: id,
      action: actionOf(body),
      version: body.version,
      principal,
    });
    return presentAlert(changed);
  }

  @Post('items/:id/triage')
  @HttpCode(200)
  @Permission('alerts:triage')
  @ApiOperation({
    summary:
      'The same on a queue item: every alert folded into it that the action applies to (new ones to acknowledge, open ones to close or assign, closed ones to reopen)',
  })
  @ApiOkResponse({
    description:
      '{ item, changed, unchanged, more (call again for the rest of a very large item), skipped: [{alert_id, reason}] }',
  })
  @ApiConflictResponse({
    description:
      'concurrent_change: the item changed since the version sent (also when a new alert folded in)',
  })
  async item(
    @Param('id') id: string,
    @Body(validation) body: TriageRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    if (id.length > MAX_ID_CHARS) throw AlertsError.itemNotFound(id);
    const result = await this.triageItem.execute({
      itemId: id,
      action: actionOf(body),
      version: body.version,
      principal,
    });
    return {
      item: presentItem(result.item),
      changed: result.changed,
      unchanged: result.unchanged,
      more: result.more,
      skipped: result.skipped.map((skip) => ({ alert_id: skip.alertId, reason: skip.reason })),
    };
  }

  @Post('bulk')
  @HttpCode(200)
  @Permission('alerts:triage')
  @ApiOperation({
    summary: 'Acknowledge, assign or close many alerts and items at once, with a result per target',
  })
  @ApiOkResponse({ description: '{ results: [{ type, id, status: ok|error, version | error, message }] }' })
  async bulkTriage(
    @Body(validation) body: BulkTriageRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const results = await this.bulk.execute(body.targets, actionOf(body), principal);
    return { results };
  }
}

/** The validated body as a domain action (the DTO made sure the fields each action needs are there). */
function actionOf(body: {
  action: 'acknowledge' | 'assign' | 'close' | 'reopen';
  reason?: string;
  close_reason?: TriageRequestDto['close_reason'];
  assignee_id?: string | null;
}): TriageAction {
  const reason = body.reason;
  switch (body.action) {
    case 'acknowledge':
      return { kind: 'acknowledge', reason };
    case 'assign':
      return { kind: 'assign', assigneeId: body.assignee_id ?? null, reason };
    case 'close':
      if (body.close_reason === undefined)
        throw AlertsError.invalidRequest('close_reason', 'required to close');
      return { kind: 'close', closeReason: body.close_reason, reason: reason ?? '' };
    case 'reopen':
      return { kind: 'reopen', reason: reason ?? '' };
  }
}
