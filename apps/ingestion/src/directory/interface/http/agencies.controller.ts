import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Put,
  UseFilters,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, type Principal } from '@vigil/auth';
import { IngestionErrorFilter } from '../../../common/interface/http/ingestion-error.filter';
import { IngestionError, IngestionErrorCode } from '../../../common/domain/ingestion.error';
import { AgencyChangeLog } from '../../application/agency-change-log';
import { AgencyRepository } from '../../application/agency.repository';
import { CreateAgencyUseCase } from '../../application/create-agency.use-case';
import { RegisterSystemUseCase } from '../../application/register-system.use-case';
import { RevokeApiKeyUseCase } from '../../application/revoke-api-key.use-case';
import { RotateApiKeyUseCase } from '../../application/rotate-api-key.use-case';
import { UpdateAgencyUseCase, type UpdateAgencyInput } from '../../application/update-agency.use-case';
import { CreateAgencyDto, RotateKeyDto, SystemDto, UpdateAgencyDto } from './agency.dto';
import { presentAgency, presentAgencyChange } from './agency.presenter';

const validation = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

function settingsOf(dto: UpdateAgencyDto): UpdateAgencyInput {
  return {
    name: dto.name,
    contact: dto.contact,
    timezone: dto.timezone,
    quotas: dto.quotas && {
      eventsPerSecond: dto.quotas.events_per_second,
      bytesPerSecond: dto.quotas.bytes_per_second,
    },
    syslogSources: dto.syslog_sources && {
      cidrs: dto.syslog_sources.cidrs,
      certFingerprints: dto.syslog_sources.cert_fingerprints,
      trustedNetworks: dto.syslog_sources.trusted_networks,
    },
    silenceWindowMinutes: dto.silence_window_minutes,
    retentionDays: dto.retention_days,
    inputs: dto.inputs,
  };
}

/** The agency directory: the SOC manages it; everyone reads it within their agency scope. */
@ApiTags('agencies')
@Controller('v1/agencies')
@UseFilters(IngestionErrorFilter)
@UsePipes(validation)
export class AgenciesController {
  constructor(
    @Inject(CreateAgencyUseCase) private readonly createAgency: CreateAgencyUseCase,
    @Inject(UpdateAgencyUseCase) private readonly updateAgency: UpdateAgencyUseCase,
    @Inject(RotateApiKeyUseCase) private readonly rotateKey: RotateApiKeyUseCase,
    @Inject(RegisterSystemUseCase) private readonly registerSystem: RegisterSystemUseCase,
    @Inject(RevokeApiKeyUseCase) private readonly revokeKey: RevokeApiKeyUseCase,
    @Inject(AgencyRepository) private readonly agencies: AgencyRepository,
    @Inject(AgencyChangeLog) private readonly changeLog: AgencyChangeLog,
  ) {}

  @Post()
  @Permission('agencies:secrets')
  @ApiOperation({ summary: 'Register an agency; the response carries its API key, shown this once' })
  async create(
    @Body() dto: CreateAgencyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const settings = settingsOf(dto);
    const { agency, apiKey } = await this.createAgency.execute(
      {
        ...settings,
        id: dto.id,
        name: dto.name,
        quotas: stripUndefined(settings.quotas),
        syslogSources: stripUndefined(settings.syslogSources),
      },
      principal,
    );
    return { agency: presentAgency(agency), api_key: apiKey };
  }

  @Get()
  @Permission('agencies:read')
  @ApiOperation({ summary: "List the agencies within the caller's agency scope" })
  async list(@CurrentPrincipal() principal: Principal): Promise<Record<string, unknown>[]> {
    return (await this.agencies.list(principal.scope)).map(presentAgency);
  }

  @Get(':id')
  @Permission('agencies:read')
  async get(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const found = await this.agencies.get(id, principal.scope);
    if (!found) throw new IngestionError(IngestionErrorCode.AgencyNotFound, `agency "${id}" does not exist`);
    return presentAgency(found.value);
  }

  @Get(':id/changes')
  @Permission('agencies:read')
  @ApiOperation({
    summary: 'The directory change log of an agency, newest first: who changed what, and when',
  })
  async changes(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>[]> {
    if (!(await this.agencies.get(id, principal.scope)))
      throw new IngestionError(IngestionErrorCode.AgencyNotFound, `agency "${id}" does not exist`);
    return (await this.changeLog.of(id, principal.scope)).map(presentAgencyChange);
  }

  @Patch(':id')
  @Permission('agencies:write')
  @ApiOperation({ summary: 'Change settings (quotas, syslog sources, time zone, silence window, retention)' })
  async update(
    @Param('id') id: string,
    @Body() dto: UpdateAgencyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const settings = settingsOf(dto);
    return presentAgency(
      await this.updateAgency.execute(
        id,
        {
          ...settings,
          quotas: stripUndefined(settings.quotas),
          syslogSources: stripUndefined(settings.syslogSources),
        },
        principal,
      ),
    );
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Permission('agencies:write')
  @ApiOperation({ summary: 'Disable an agency: its keys and syslog sources are refused from now on' })
  async disable(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return presentAgency(await this.updateAgency.execute(id, { status: 'disabled' }, principal));
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Permission('agencies:write')
  async enable(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return presentAgency(await this.updateAgency.execute(id, { status: 'active' }, principal));
  }

  @Post(':id/api-keys/rotate')
  @HttpCode(200)
  @Permission('agencies:secrets')
  @ApiOperation({ summary: 'Issue a new API key (shown once) and revoke the previous ones' })
  async rotate(
    @Param('id') id: string,
    @Body() dto: RotateKeyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ api_key: string }> {
    const { apiKey } = await this.rotateKey.execute(id, { graceSeconds: dto.grace_seconds }, principal);
    return { api_key: apiKey };
  }

  @Post(':id/api-keys/:keyId/revoke')
  @HttpCode(200)
  @Permission('agencies:secrets')
  @ApiOperation({
    summary:
      'Revoke one API key now (a leaked key): refused by every instance from the next request, grace or not',
  })
  async revoke(
    @Param('id') id: string,
    @Param('keyId') keyId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return presentAgency(await this.revokeKey.execute(id, keyId, principal));
  }

  @Put(':id/systems/:systemId')
  @Permission('agencies:write')
  @ApiOperation({ summary: 'Register or replace an information system of the agency' })
  async putSystem(
    @Param('id') id: string,
    @Param('systemId') systemId: string,
    @Body() dto: SystemDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const agency = await this.registerSystem.execute(
      id,
      {
        id: systemId,
        name: dto.name,
        securityLevel: dto.security_level,
        owner: dto.owner,
        operator: dto.operator,
        hostnames: dto.hostnames ?? [],
        addressRanges: dto.address_ranges ?? [],
        critical: dto.critical ?? false,
      },
      principal,
    );
    return presentAgency(agency);
  }
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> | undefined {
  if (value === undefined) return undefined;
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
