import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
  UseFilters,
  ValidationPipe,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf, CurrentPrincipal, Permission, type Principal } from '@vigil/auth';
import type { FastifyReply } from 'fastify';
import { ChangeRuleStateUseCase } from '../../application/change-rule-state.use-case';
import { RuleRepository } from '../../application/rule.repository';
import { SaveRuleUseCase } from '../../application/save-rule.use-case';
import type { RuleMetadata } from '../../domain/rule-record';
import { RulesError } from '../../domain/rules.error';
import { ListRulesQueryDto, RuleBodyDto, RuleMetadataDto, toRuleMetadata } from './rule.dto';
import { RuleBodyPipe } from './rule-body.pipe';
import { presentRule, presentVersion } from './rule.presenter';
import { RulesErrorFilter } from './rules-error.filter';

const validation = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

const ruleBody = {
  required: true,
  schema: {
    oneOf: [{ type: 'string', description: 'Sigma YAML' }, { $ref: '#/components/schemas/RuleBodyDto' }],
  },
};

/** Detection rules: Sigma YAML records with versions; every change is published on vigil.rules.v1. */
@ApiTags('rules')
@Controller('v1/rules')
@UseFilters(RulesErrorFilter)
export class RulesController {
  constructor(
    @Inject(SaveRuleUseCase) private readonly saveRule: SaveRuleUseCase,
    @Inject(ChangeRuleStateUseCase) private readonly changeState: ChangeRuleStateUseCase,
    @Inject(RuleRepository) private readonly rules: RuleRepository,
  ) {}

  @Get()
  @Permission('rules:read')
  @ApiOperation({ summary: 'List rules (filters: enabled, level, tag, q on the title; offset/limit)' })
  async list(@Query(validation) query: ListRulesQueryDto): Promise<Record<string, unknown>> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const page = await this.rules.list({
      enabled: query.enabled,
      level: query.level,
      tag: query.tag,
      q: query.q,
      from: offset,
      size: limit,
    });
    return { total: page.total, offset, limit, rules: page.rules.map(presentRule) };
  }

  @Get(':id')
  @Permission('rules:read')
  async get(@Param('id') id: string): Promise<Record<string, unknown>> {
    const found = await this.rules.get(id);
    if (!found || found.value.deleted) throw RulesError.notFound(id);
    return presentRule(found.value);
  }

  @Get(':id/versions')
  @Permission('rules:read')
  @ApiOperation({ summary: 'Every version of the rule: who changed what, and when' })
  async versions(@Param('id') id: string): Promise<Record<string, unknown>[]> {
    const versions = await this.rules.versions(id);
    if (versions.length === 0) throw RulesError.notFound(id);
    return versions.map(presentVersion);
  }

  @Post()
  @Permission('rules:write')
  @ApiOperation({ summary: 'Create a rule; its id comes from the YAML (a UUID is written in when absent)' })
  @ApiConsumes('application/yaml', 'text/plain', 'application/json')
  @ApiBody(ruleBody)
  async create(
    @Body(RuleBodyPipe) body: RuleBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const { record } = await this.saveRule.execute(
      { ...ruleInput(body), origin: 'api', createOnly: true },
      actorOf(principal),
    );
    return presentRule(record);
  }

  @Put(':id')
  @Permission('rules:write')
  @ApiOperation({ summary: 'Create or update a rule from Sigma YAML (201 created, 200 updated)' })
  @ApiConsumes('application/yaml', 'text/plain', 'application/json')
  @ApiBody(ruleBody)
  async put(
    @Param('id') id: string,
    @Body(RuleBodyPipe) body: RuleBodyDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    const { record, created } = await this.saveRule.execute(
      { ...ruleInput(body), id, origin: 'api' },
      actorOf(principal),
    );
    void reply.status(created ? 201 : 200);
    return presentRule(record);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Permission('rules:write')
  @ApiOperation({
    summary: 'Enable a rule (a pack rule is adopted into rule management on its first change)',
  })
  async enable(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return presentRule(await this.changeState.execute(id, { kind: 'enable' }, actorOf(principal)));
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Permission('rules:write')
  @ApiOperation({
    summary: 'Disable a rule; disabling a pack rule adopts it and silences it on every instance',
  })
  async disable(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return presentRule(await this.changeState.execute(id, { kind: 'disable' }, actorOf(principal)));
  }

  @Patch(':id/metadata')
  @Permission('rules:write')
  @ApiOperation({
    summary:
      'Replace the metadata beside the Sigma file (suppression, per-agency filters); a pack rule is adopted',
  })
  async metadata(
    @Param('id') id: string,
    @Body(validation) metadata: RuleMetadataDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const value = toRuleMetadata(metadata) ?? {};
    return presentRule(
      await this.changeState.execute(id, { kind: 'metadata', metadata: value }, actorOf(principal)),
    );
  }

  @Delete(':id')
  @Permission('rules:delete')
  @ApiOperation({ summary: 'Delete a rule (admin); its history is kept' })
  async remove(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const record = await this.changeState.execute(id, { kind: 'delete' }, actorOf(principal));
    return { id: record.id, version: record.version, deleted: true };
  }
}

function ruleInput(body: RuleBodyDto): { sigma: string; enabled?: boolean; metadata?: RuleMetadata } {
  return { sigma: body.sigma, enabled: body.enabled, metadata: toRuleMetadata(body.metadata) };
}
