import { Logger } from '@nestjs/common';
import { eventually } from '@vigil/testing';
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import type { RawLine } from '../../intake/domain/raw-line';
import { SyslogSourceIdentifier } from '../application/syslog-source-identifier';
import { ConnectionSlots } from '../domain/connection-slots';
import { agencyFactory, directoryOf } from '../test/agency.factory';
import { StreamSyslogListener } from './stream-syslog.listener';
import { UdpSyslogListener } from './udp-syslog.listener';

// The listeners on real sockets, with ingestion replaced by a recorder: IPv6 binding and the
// shutdown sequence. The path to Kafka is covered by syslog-servers.int-spec.ts.

const logger = new Logger('syslog-test');
const identifier = new SyslogSourceIdentifier(
  directoryOf([
    agencyFactory('loopback', {
      syslogSources: { cidrs: [], certFingerprints: [], trustedNetworks: ['127.0.0.1/32'] },
    }),
  ]),
);

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

function connectTo(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

const closed = (socket: Socket): Promise<void> =>
  new Promise((resolve) => {
    if (socket.destroyed) resolve();
    socket.once('close', () => {
      resolve();
    });
  });

describe('UdpSyslogListener', () => {
  it("binds udp6 on '::' and identifies IPv4 senders behind their mapped address", async () => {
    const received: { agency: string; lines: string[] }[] = [];
    const listener = new UdpSyslogListener({
      identifier,
      logger,
      ingest: (agency, lines: RawLine[]) => {
        received.push({ agency: agency.id, lines: lines.map((line) => line.bytes.toString()) });
        return Promise.resolve();
      },
    });
    const port = await listener.start('::', 0);
    try {
      const v4 = createSocket('udp4');
      const v6 = createSocket('udp6');
      await new Promise<void>((resolve) => {
        v4.send('<13>from v4\n', port, '127.0.0.1', () => {
          resolve();
        });
      });
      await new Promise<void>((resolve) => {
        v6.send('<13>from v6 (unknown)\n', port, '::1', () => {
          resolve();
        });
      });
      v4.close();
      v6.close();
      await eventually(() => received.length === 1);
      expect(received).toEqual([{ agency: 'loopback', lines: ['<13>from v4'] }]);
    } finally {
      await listener.stop();
    }
  });
});

describe('StreamSyslogListener shutdown', () => {
  it('stops accepting, lets the batch in flight reach Kafka, then closes the connection', async () => {
    const ack = deferred();
    let calls = 0;
    const ingested: string[] = [];
    const listener = new StreamSyslogListener('syslog-tcp', {
      identifier,
      logger,
      maxLineBytes: 1024,
      slots: new ConnectionSlots({ total: 10, perSource: 10 }),
      idleTimeoutMs: 60_000,
      ingest: async (_agency, lines) => {
        calls++;
        await ack.promise;
        ingested.push(...lines.map((line) => line.bytes.toString()));
      },
    });
    const port = await listener.start('127.0.0.1', 0);
    const socket = await connectTo(port);
    socket.on('error', () => undefined);
    socket.write('<13>in flight\n');
    await eventually(() => calls === 1);

    let stopped = false;
    const stopping = listener.stop(10_000).then(() => {
      stopped = true;
    });
    await expect(connectTo(port)).rejects.toThrow();
    expect(stopped).toBe(false);
    ack.resolve();
    await stopping;
    expect(ingested).toEqual(['<13>in flight']);
    await closed(socket);
  });

  it('gives up waiting for a batch Kafka does not take after the grace period', async () => {
    let stuck = 0;
    const listener = new StreamSyslogListener('syslog-tcp', {
      identifier,
      logger,
      maxLineBytes: 1024,
      slots: new ConnectionSlots({ total: 10, perSource: 10 }),
      idleTimeoutMs: 60_000,
      ingest: () => {
        stuck++;
        return new Promise(() => undefined);
      },
    });
    const port = await listener.start('127.0.0.1', 0);
    const socket = await connectTo(port);
    socket.on('error', () => undefined);
    socket.write('<13>stuck\n');
    await eventually(() => stuck === 1);
    const started = Date.now();
    await listener.stop(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(5000);
    await closed(socket);
  });
});
