import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from '@vigil/testing';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type RsyslogTemplate = 'raw' | 'json';

export interface RsyslogKafkaOptions {
  brokers: string[];
  topic: string;
  /** raw: the line as received; json: rsyslog's parsed message as JSON (%jsonmesg%). */
  template: RsyslogTemplate;
}

/**
 * A private rsyslogd (not the system service): imtcp on a free loopback port, every message to
 * Kafka through omkafka (acks=all, no compression), in the foreground with its own work
 * directory and pid file. Debian packages rsyslog and rsyslog-kafka. Octet-counted framing is
 * off: the corpus is newline-framed, and access-log lines start with digits (an address), which
 * imtcp would otherwise take for an octet count and split in two.
 */
export class RsyslogInstance {
  private constructor(
    private readonly process: ChildProcess,
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(options: RsyslogKafkaOptions): Promise<RsyslogInstance> {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-rsyslog-'));
    const port = await freePort();
    const conf = join(dir, 'rsyslog.conf');
    writeFileSync(conf, rsyslogConf(dir, port, options));
    const check = spawnSync('rsyslogd', ['-N1', '-f', conf], { encoding: 'utf8' });
    if (check.error !== undefined || check.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(
        `rsyslogd cannot run this configuration: ${check.error?.message ?? ''}${check.stderr}${check.stdout}`,
      );
    }
    const log = join(dir, 'rsyslogd.log');
    const child = spawn('rsyslogd', ['-n', '-f', conf, '-i', join(dir, 'rsyslogd.pid')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const instance = new RsyslogInstance(child, dir, port);
    const deadline = Date.now() + 15_000;
    while (!(await accepts(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await instance.stop();
        throw new Error(`rsyslogd did not start listening: ${stderr} ${safeRead(log)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return instance;
  }

  /** Stops this rsyslogd (SIGTERM to its pid, which flushes omkafka) and removes its directory. */
  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      this.process.kill('SIGTERM');
      const timer = setTimeout(() => this.process.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function rsyslogConf(dir: string, port: number, options: RsyslogKafkaOptions): string {
  const brokers = options.brokers.map((broker) => `"${broker}"`).join(', ');
  const template =
    options.template === 'raw'
      ? 'template(name="bench" type="string" string="%rawmsg%")'
      : 'template(name="bench" type="string" string="%jsonmesg%")';
  return `# Written by Vigil's benchmark; a private instance, not the system service.
global(workDirectory="${dir}" maxMessageSize="64k")
module(load="imtcp")
module(load="omkafka")
${template}
ruleset(name="bench") {
  action(type="omkafka" broker=[${brokers}] topic="${options.topic}"
         confParam=["acks=all", "compression.codec=none"] template="bench")
}
input(type="imtcp" address="127.0.0.1" port="${port}" ruleset="bench" supportOctetCountedFraming="off")
`;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
