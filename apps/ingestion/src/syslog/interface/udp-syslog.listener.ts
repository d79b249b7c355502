import type { Logger } from '@nestjs/common';
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import type { Agency } from '../../directory/domain/agency';
import { intakeMetrics } from '../../intake/application/intake.metrics';
import type { RawLine } from '../../intake/domain/raw-line';
import { DatagramBatcher, type DropReason } from '../application/datagram-batcher';
import { syslogMetrics } from '../application/syslog.metrics';
import type { SyslogSourceIdentifier } from '../application/syslog-source-identifier';
import { datagramMessage } from '../domain/datagram-message';
import { LogThrottle } from '../domain/log-throttle';

export interface UdpSyslogListenerDeps {
  identifier: SyslogSourceIdentifier;
  ingest: (agency: Agency, lines: RawLine[]) => Promise<unknown>;
  logger: Logger;
}

/**
 * Syslog over UDP (RFC 5426): one datagram is one message. Datagrams from unknown sources (or from
 * outside the agency's trusted networks) are dropped and counted; the others are batched per
 * agency and ingested. UDP cannot push back, so what is over the agency's quota or what Kafka does
 * not take is counted in vigil_ingest_udp_dropped_total and logged.
 */
export class UdpSyslogListener {
  private socket: Socket | undefined;
  private readonly batcher: DatagramBatcher;
  private readonly dropWarnings = new LogThrottle(10_000);

  constructor(private readonly deps: UdpSyslogListenerDeps) {
    this.batcher = new DatagramBatcher({
      ingest: async (agency, lines) => {
        await deps.ingest(agency, lines);
        syslogMetrics.udpBatches.inc({ outcome: 'ingested' });
      },
      onDropped: (drop) => {
        this.dropped(drop.agency, drop.count, drop.reason, drop.error);
      },
    });
  }

  /** Binds udp6 when the host is an IPv6 address ('::' also receives IPv4, as mapped addresses), else udp4. */
  async start(host: string, port: number): Promise<number> {
    // A larger receive buffer absorbs bursts while a batch is parsed; Linux caps it at
    // net.core.rmem_max. What the kernel drops beyond it only shows in its RcvbufErrors counter.
    const socket = createSocket({
      type: isIP(host) === 6 ? 'udp6' : 'udp4',
      recvBufferSize: 4 * 1024 * 1024,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', (error) => {
      this.deps.logger.error({ msg: 'syslog UDP socket error', error: String(error) });
    });
    socket.on('message', (payload, remote) => {
      this.receive(payload, remote.address);
    });
    this.socket = socket;
    return socket.address().port;
  }

  /** Stops receiving, then sends what is batched and waits for Kafka's answer. */
  async stop(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined)
      await new Promise<void>((resolve) =>
        socket.close(() => {
          resolve();
        }),
      );
    await this.batcher.flush();
  }

  private receive(payload: Buffer, address: string): void {
    const agency = this.deps.identifier.identify({ input: 'syslog-udp', address });
    if (agency === undefined) return;
    const message = datagramMessage(payload);
    // An empty datagram carries no message (keep-alives); there is nothing to keep.
    if (message.length === 0) return;
    this.batcher.add(agency, message);
  }

  private dropped(agency: Agency, count: number, drop: DropReason, error: unknown): void {
    // kafka_unavailable, agency_disabled (disabled within the batching window), overloaded.
    const reason = drop === 'overloaded' ? drop : error instanceof IngestionError ? error.code : 'error';
    intakeMetrics.udpDropped.inc({ reason }, count);
    if (drop === 'ingest_failed') syslogMetrics.udpBatches.inc({ outcome: 'dropped' });
    const allowed = this.dropWarnings.allow(`${reason} ${agency.id}`);
    if (allowed === undefined) return;
    // Over quota is the agency's doing and expected; anything else is Vigil's problem.
    const overQuota =
      reason === IngestionErrorCode.QuotaExceeded || reason === IngestionErrorCode.AgencyBacklogged;
    this.deps.logger[overQuota ? 'warn' : 'error']({
      msg: 'syslog UDP datagrams dropped: UDP cannot push back on the sender',
      reason,
      agency: agency.id,
      datagrams: count,
      ...(error === undefined
        ? {}
        : { error: error instanceof Error ? error.message : JSON.stringify(error) }),
      suppressedSinceLastWarning: allowed.suppressed,
    });
  }
}
