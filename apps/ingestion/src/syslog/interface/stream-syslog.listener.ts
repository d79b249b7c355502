import type { Logger } from '@nestjs/common';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket, type TlsOptions } from 'node:tls';
import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import type { Agency } from '../../directory/domain/agency';
import type { RawLine } from '../../intake/domain/raw-line';
import { StreamIntake } from '../application/stream-intake';
import { syslogMetrics } from '../application/syslog.metrics';
import { plainAddress, type SyslogSourceIdentifier } from '../application/syslog-source-identifier';
import type { ConnectionSlots } from '../domain/connection-slots';
import { LogThrottle } from '../domain/log-throttle';
import { SyslogDeframer } from '../domain/syslog-deframer';

export interface StreamSyslogListenerDeps {
  identifier: SyslogSourceIdentifier;
  ingest: (agency: Agency, lines: RawLine[]) => Promise<unknown>;
  maxLineBytes: number;
  /** Shared by the TCP and TLS listeners: caps per source address and overall. */
  slots: ConnectionSlots;
  /** A connection that sends nothing for this long is closed (not while its reading is paused for Kafka). */
  idleTimeoutMs: number;
  logger: Logger;
}

interface Connection {
  socket: Socket;
  intake: StreamIntake;
}

/**
 * Syslog over TCP (RFC 6587) or TLS (RFC 5425, given TLS options). A connection over its source's
 * cap or the overall cap is closed before anything else (before the TLS handshake). Each
 * connection is identified once, when it is established (a verified and registered client
 * certificate, else the source address); an unknown sender's connection is closed at once, an
 * idle one after idleTimeoutMs. Reading follows Kafka: see StreamIntake. The peer's half-close is
 * honoured (allowHalfOpen), so the last lines of a sender that closes are ingested before our
 * side closes.
 */
export class StreamSyslogListener {
  private server: Server | undefined;
  private readonly connections = new Set<Connection>();
  private readonly warnings = new LogThrottle(10_000);

  constructor(
    private readonly input: 'syslog-tcp' | 'syslog-tls',
    private readonly deps: StreamSyslogListenerDeps,
    private readonly tls?: TlsOptions,
  ) {}

  async start(host: string, port: number): Promise<number> {
    const server =
      this.tls === undefined
        ? createTcpServer({ allowHalfOpen: true }, (socket) => {
            this.accept(socket);
          })
        : createTlsServer({ ...this.tls, allowHalfOpen: true }, (socket) => {
            this.accept(socket);
          });
    server.prependListener('connection', (socket: Socket) => {
      this.admit(socket);
    });
    server.on('tlsClientError', (error: Error) => {
      this.warn('handshake', { msg: 'syslog TLS handshake failed', error: error.message });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => {
      this.deps.logger.error({ msg: `${this.input} server error`, error: String(error) });
    });
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  /**
   * Stops accepting and reading, takes what was already read to Kafka (for up to `graceMs`), then
   * closes every connection; closing stops the retries of what Kafka has not taken by then.
   */
  async stop(graceMs: number): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed =
      server === undefined
        ? Promise.resolve()
        : new Promise<void>((resolve) =>
            server.close(() => {
              resolve();
            }),
          );
    const connections = [...this.connections];
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(connections.map(({ intake }) => intake.stopReading())),
      new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
    for (const { socket } of connections) socket.destroy();
    await closed;
  }

  get openConnections(): number {
    return this.connections.size;
  }

  /** Takes a connection slot for the raw socket, or closes it at once. */
  private admit(socket: Socket): void {
    const address = plainAddress(socket.remoteAddress ?? '?');
    const refusal = this.deps.slots.take(address);
    if (refusal !== undefined) {
      syslogMetrics.closedConnections.inc({ input: this.input, reason: refusal });
      this.warn(`${refusal} ${address}`, {
        msg: `${this.input}: connection refused, ${refusal === 'total_cap' ? 'too many connections' : 'too many connections from this address'}`,
        address,
      });
      socket.destroy();
      return;
    }
    socket.once('close', () => {
      this.deps.slots.release(address);
    });
  }

  private accept(socket: Socket): void {
    if (socket.destroyed) return;
    socket.on('error', (error) => {
      this.warn(`socket ${socket.remoteAddress ?? '?'}`, {
        msg: `${this.input} connection error`,
        address: socket.remoteAddress,
        error: error.message,
      });
    });
    const tlsSocket = this.tls === undefined ? undefined : (socket as TLSSocket);
    const certificate = tlsSocket?.getPeerCertificate().raw as Buffer | undefined;
    // The chain is checked here, not in the handshake, so that a sender without a certificate can
    // still be identified by address; one that presents a certificate must present a valid one.
    const certificateProblem =
      certificate === undefined || tlsSocket?.authorized === true
        ? undefined
        : String(tlsSocket?.authorizationError ?? 'not verified');
    const agency = this.deps.identifier.identify({
      input: this.input,
      address: socket.remoteAddress,
      certificate,
      certificateProblem,
    });
    if (agency === undefined || this.server === undefined) {
      socket.destroy();
      return;
    }
    const intake = new StreamIntake({
      deframer: new SyslogDeframer(this.deps.maxLineBytes),
      ingest: (lines) => this.deps.ingest(agency, lines),
      flow: socket,
      onRetry: ({ error, attempt, delayMs, lines }) => {
        syslogMetrics.streamRetries.inc({ input: this.input });
        this.warn(`retry ${agency.id}`, {
          msg: `${this.input}: batch not taken (${error instanceof IngestionError ? error.code : 'error'}); reading paused, retrying`,
          agency: agency.id,
          address: socket.remoteAddress,
          lines,
          attempt,
          delayMs,
          error: String(error),
        });
      },
      onOverLimit: (frame) => {
        syslogMetrics.overLimitFrames.inc({ input: this.input });
        this.warn(`over-limit ${agency.id}`, {
          msg: `${this.input}: over-long frame dead-lettered`,
          agency: agency.id,
          reason: frame.overLimit?.reason,
        });
      },
      isPermanent: (error) =>
        error instanceof IngestionError &&
        (error.code === IngestionErrorCode.AgencyDisabled ||
          error.code === IngestionErrorCode.InputNotAllowed),
      onRefused: ({ error, frames }) => {
        const reason = error instanceof IngestionError ? error.code : 'error';
        syslogMetrics.refusedLines.inc({ input: this.input, reason }, frames);
        this.deps.logger.warn({
          msg: `${this.input}: connection closed, its agency is no longer active or may no longer use this input`,
          agency: agency.id,
          address: socket.remoteAddress,
          lines: frames,
          error: String(error),
        });
        socket.destroy();
      },
      onAbandoned: (frames) => {
        this.deps.logger.warn({
          msg: `${this.input}: connection closed before Kafka took its last lines; they were never acknowledged`,
          agency: agency.id,
          address: socket.remoteAddress,
          lines: frames,
        });
      },
    });
    const connection: Connection = { socket, intake };
    this.connections.add(connection);
    syslogMetrics.connections.inc({ input: this.input });
    socket.setKeepAlive(true, 60_000);
    socket.setTimeout(this.deps.idleTimeoutMs, () => {
      // Reading paused for Kafka is not idleness: the sender is waiting on us.
      if (intake.busy) {
        socket.setTimeout(this.deps.idleTimeoutMs);
        return;
      }
      syslogMetrics.closedConnections.inc({ input: this.input, reason: 'idle' });
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => {
      intake.receive(chunk);
    });
    socket.on('end', () => {
      void intake.finish().then(() => socket.end());
    });
    socket.on('close', () => {
      intake.close();
      this.connections.delete(connection);
      syslogMetrics.connections.dec({ input: this.input });
    });
  }

  private warn(key: string, entry: Record<string, unknown>): void {
    const allowed = this.warnings.allow(key);
    if (allowed !== undefined)
      this.deps.logger.warn({ ...entry, suppressedSinceLastWarning: allowed.suppressed });
  }
}
