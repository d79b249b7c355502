import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SERVICE_CONFIG } from '@vigil/config';
import type { IngestionConfig } from '../../config';
import type { Agency } from '../../directory/domain/agency';
import type { RawLine } from '../../intake/domain/raw-line';
import { IngestSyslogBatchUseCase } from '../application/ingest-syslog-batch.use-case';
import { SyslogSourceIdentifier, type SyslogInput } from '../application/syslog-source-identifier';
import { ConnectionSlots } from '../domain/connection-slots';
import { syslogTlsOptions } from '../infrastructure/tls-credentials';
import { StreamSyslogListener } from './stream-syslog.listener';
import { UdpSyslogListener } from './udp-syslog.listener';

/** The ports the syslog listeners are bound to (useful when configured as 0: any free port). */
export interface SyslogAddresses {
  udp?: number;
  tcp?: number;
  tls?: number;
}

/**
 * Ingestion's syslog inputs: UDP, TCP and TLS listeners on VIGIL_SYSLOG_HOST, each enabled by its
 * port (-1 = off). They start when the application has bootstrapped (a port that cannot be bound
 * fails the start) and stop first on shutdown, while Kafka is still connected, so batches already
 * read reach it.
 */
@Injectable()
export class SyslogServers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SyslogServers.name);
  private udp: UdpSyslogListener | undefined;
  private readonly streams = new Map<'tcp' | 'tls', StreamSyslogListener>();
  private bound: SyslogAddresses = {};
  private readonly slots: ConnectionSlots;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: IngestionConfig,
    @Inject(IngestSyslogBatchUseCase) private readonly ingestBatch: IngestSyslogBatchUseCase,
    @Inject(SyslogSourceIdentifier) private readonly identifier: SyslogSourceIdentifier,
  ) {
    this.slots = new ConnectionSlots({
      total: config.syslogMaxConnections,
      perSource: config.syslogMaxConnectionsPerSource,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const { syslogHost: host, syslogUdpPort, syslogTcpPort, syslogTlsPort } = this.config;
    try {
      if (syslogUdpPort >= 0) {
        this.udp = new UdpSyslogListener({
          identifier: this.identifier,
          ingest: (agency, lines) => this.ingest('syslog-udp', agency, lines),
          logger: this.logger,
        });
        this.bound.udp = await this.udp.start(host, syslogUdpPort);
      }
      if (syslogTcpPort >= 0) this.bound.tcp = await this.startStream('tcp', syslogTcpPort);
      if (syslogTlsPort >= 0) this.bound.tls = await this.startStream('tls', syslogTlsPort);
    } catch (error) {
      await this.stop();
      throw new Error(`syslog listeners on ${host} could not start: ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.logger.log({ msg: 'syslog listening', host, ...this.bound });
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  addresses(): SyslogAddresses {
    return { ...this.bound };
  }

  private async startStream(kind: 'tcp' | 'tls', port: number): Promise<number> {
    const input: SyslogInput = kind === 'tcp' ? 'syslog-tcp' : 'syslog-tls';
    const tls =
      kind === 'tls'
        ? {
            ...syslogTlsOptions({
              cert: this.config.syslogTlsCert,
              key: this.config.syslogTlsKey,
              ca: this.config.syslogTlsCa,
            }),
            handshakeTimeout: this.config.syslogIdleTimeoutMs,
          }
        : undefined;
    const listener = new StreamSyslogListener(
      input,
      {
        identifier: this.identifier,
        ingest: (agency, lines) => this.ingest(input, agency, lines),
        maxLineBytes: this.config.maxLineBytes,
        slots: this.slots,
        idleTimeoutMs: this.config.syslogIdleTimeoutMs,
        logger: this.logger,
      },
      tls,
    );
    this.streams.set(kind, listener);
    return listener.start(this.config.syslogHost, port);
  }

  private ingest(input: SyslogInput, agency: Agency, lines: RawLine[]): Promise<unknown> {
    return this.ingestBatch.execute(input, agency, lines);
  }

  private async stop(): Promise<void> {
    const graceMs = this.config.publishTimeoutMs + 1000;
    const streams = [...this.streams.values()];
    const udp = this.udp;
    this.streams.clear();
    this.udp = undefined;
    this.bound = {};
    await Promise.allSettled([...streams.map((stream) => stream.stop(graceMs)), udp?.stop()]);
  }
}
