import { Body, Controller, HttpCode, Inject, Param, Post, UseFilters, ValidationPipe } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf, CurrentPrincipal, Permission, type Principal } from '@vigil/auth';
import { BacktestRuleUseCase, type BacktestReport } from '../../application/backtest-rule.use-case';
import { ImportRulesUseCase, type ImportFileResult } from '../../application/import-rules.use-case';
import { TestRuleUseCase } from '../../application/test-rule.use-case';
import { presentVerdict } from './rule-verdict.presenter';
import { BacktestDto, ImportRulesDto, TestRuleDto } from './rule-tools.dto';
import { toRuleMetadata } from './rule.dto';
import { RulesErrorFilter } from './rules-error.filter';

const validation = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
const DEFAULT_MAX_EVENTS = 100000;

/** Bulk import, trying a rule on sample events, and backtesting it on indexed events. */
@ApiTags('rules')
@Controller('v1/rules')
@UseFilters(RulesErrorFilter)
export class RuleToolsController {
  constructor(
    @Inject(ImportRulesUseCase) private readonly importRules: ImportRulesUseCase,
    @Inject(TestRuleUseCase) private readonly testRule: TestRuleUseCase,
    @Inject(BacktestRuleUseCase) private readonly backtestRule: BacktestRuleUseCase,
  ) {}

  @Post('import')
  @HttpCode(200)
  @Permission('rules:import')
  @ApiOperation({ summary: 'Load rule files (admin): per file, the rules loaded and the documents rejected' })
  async import(
    @Body(validation) dto: ImportRulesDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ loaded: number; rejected: number; files: ImportFileResult[] }> {
    const files = await this.importRules.execute(dto.files, actorOf(principal));
    return {
      loaded: files.reduce((sum, file) => sum + file.loaded.length, 0),
      rejected: files.reduce((sum, file) => sum + file.rejected.length, 0),
      files,
    };
  }

  @Post('test')
  @HttpCode(200)
  @Permission('rules:test')
  @ApiOperation({
    summary: 'Run Sigma text over sample events; explains each match (selections, field values)',
    description:
      'Correlations are evaluated over the events in order, as `sigma scan` does. Those with an lt/lte ' +
      "condition are judged when their window ends: listed with the event whose time passed the window's " +
      'end plus the allowed lateness (10 s), and the windows still open after the last event with the last event.',
  })
  async test(@Body(validation) dto: TestRuleDto): Promise<Record<string, unknown>> {
    const verdicts = await this.testRule.execute(dto);
    return {
      matched_events: verdicts.filter((verdict) => verdict.matches.length + verdict.correlations.length > 0)
        .length,
      events: verdicts.map(presentVerdict),
    };
  }

  @Post('backtest')
  @HttpCode(200)
  @Permission('rules:test')
  @ApiOperation({
    summary: 'Replay indexed events over [from, to]: alerts the rule would have raised per agency',
  })
  backtest(@Body(validation) dto: BacktestDto): Promise<BacktestReport> {
    return this.backtestRule.execute({
      sigma: dto.sigma,
      ruleId: dto.rule_id,
      metadata: toRuleMetadata(dto.metadata),
      from: dto.from,
      to: dto.to,
      organizationId: dto.organization_id,
      maxEvents: dto.max_events ?? DEFAULT_MAX_EVENTS,
    });
  }

  @Post(':id/backtest')
  @HttpCode(200)
  @Permission('rules:test')
  @ApiOperation({ summary: 'Backtest a stored rule (with its suppression and per-agency filters)' })
  backtestStored(@Param('id') id: string, @Body(validation) dto: BacktestDto): Promise<BacktestReport> {
    return this.backtest(Object.assign(dto, { rule_id: id, sigma: undefined }));
  }
}
