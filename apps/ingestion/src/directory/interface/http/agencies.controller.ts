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
  UseGuards,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminTokenGuard } from '../../../common/interface/http/admin-token.guard';
import { IngestionErrorFilter } from '../../../common/interface/http/ingestion-error.filter';
import { IngestionError, IngestionErrorCode } from '../../../common/domain/ingestion.error';
import { AgencyRepository } from '../../application/agency.repository';
import { CreateAgencyUseCase } from '../../application/create-agency.use-case';
import { RegisterSystemUseCase } from '../../application/register-system.use-case';
import { RotateApiKeyUseCase } from '../../application/rotate-api-key.use-case';
import { UpdateAgencyUseCase, type UpdateAgencyInput } from '../../application/update-agency.use-case';
import { CreateAgencyDto, RotateKeyDto, SystemDto, UpdateAgencyDto } from './agency.dto';
import { presentAgency } from './agency.presenter';

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
    },
    silenceWindowMinutes: dto.silence_window_minutes,
    retentionDays: dto.retention_days,
  };
}

/** The agency directory's admin API. */
@ApiTags('agencies')
@ApiBearerAuth()
@Controller('v1/agencies')
@UseGuards(AdminTokenGuard)
@UseFilters(IngestionErrorFilter)
@UsePipes(validation)
export class AgenciesController {
  constructor(
    @Inject(CreateAgencyUseCase) private readonly createAgency: CreateAgencyUseCase,
    @Inject(UpdateAgencyUseCase) private readonly updateAgency: UpdateAgencyUseCase,
    @Inject(RotateApiKeyUseCase) private readonly rotateKey: RotateApiKeyUseCase,
    @Inject(RegisterSystemUseCase) private readonly registerSystem: RegisterSystemUseCase,
    @Inject(AgencyRepository) private readonly agencies: AgencyRepository,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register an agency; the response carries its API key, shown this once' })
  async create(@Body() dto: CreateAgencyDto): Promise<Record<string, unknown>> {
    const settings = settingsOf(dto);
    const { agency, apiKey } = await this.createAgency.execute({
      ...settings,
      id: dto.id,
      name: dto.name,
      quotas: stripUndefined(settings.quotas),
      syslogSources: stripUndefined(settings.syslogSources),
    });
    return { agency: presentAgency(agency), api_key: apiKey };
  }

  @Get()
  @ApiOperation({ summary: 'List agencies' })
  async list(): Promise<Record<string, unknown>[]> {
    return (await this.agencies.list()).map(presentAgency);
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<Record<string, unknown>> {
    const found = await this.agencies.get(id);
    if (!found) throw new IngestionError(IngestionErrorCode.AgencyNotFound, `agency "${id}" does not exist`);
    return presentAgency(found.value);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change settings (quotas, syslog sources, time zone, silence window, retention)' })
  async update(@Param('id') id: string, @Body() dto: UpdateAgencyDto): Promise<Record<string, unknown>> {
    const settings = settingsOf(dto);
    return presentAgency(
      await this.updateAgency.execute(id, {
        ...settings,
        quotas: stripUndefined(settings.quotas),
        syslogSources: stripUndefined(settings.syslogSources),
      }),
    );
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable an agency: its keys and syslog sources are refused from now on' })
  async disable(@Param('id') id: string): Promise<Record<string, unknown>> {
    return presentAgency(await this.updateAgency.execute(id, { status: 'disabled' }));
  }

  @Post(':id/enable')
  @HttpCode(200)
  async enable(@Param('id') id: string): Promise<Record<string, unknown>> {
    return presentAgency(await this.updateAgency.execute(id, { status: 'active' }));
  }

  @Post(':id/api-keys/rotate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Issue a new API key (shown once) and revoke the previous ones' })
  async rotate(@Param('id') id: string, @Body() dto: RotateKeyDto): Promise<{ api_key: string }> {
    const { apiKey } = await this.rotateKey.execute(id, { graceSeconds: dto.grace_seconds });
    return { api_key: apiKey };
  }

  @Put(':id/systems/:systemId')
  @ApiOperation({ summary: 'Register or replace an information system of the agency' })
  async putSystem(
    @Param('id') id: string,
    @Param('systemId') systemId: string,
    @Body() dto: SystemDto,
  ): Promise<Record<string, unknown>> {
    const agency = await this.registerSystem.execute(id, {
      id: systemId,
      name: dto.name,
      securityLevel: dto.security_level,
      owner: dto.owner,
      operator: dto.operator,
      hostnames: dto.hostnames ?? [],
      addressRanges: dto.address_ranges ?? [],
      critical: dto.critical ?? false,
    });
    return presentAgency(agency);
  }
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> | undefined {
  if (value === undefined) return undefined;
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
