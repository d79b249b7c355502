import { IngestSyslogBatchUseCase } from './application/ingest-syslog-batch.use-case';
import { SyslogSourceIdentifier } from './application/syslog-source-identifier';
import { SyslogServers } from './interface/syslog-servers';

/**
 * The syslog inputs, for IngestionModule's providers. They need IngestLinesUseCase, QuotaGate,
 * IngestStats, AgencyDirectory and SERVICE_CONFIG from the module.
 */
export const syslogProviders = [SyslogSourceIdentifier, IngestSyslogBatchUseCase, SyslogServers];
