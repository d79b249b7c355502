import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

/**
 * A built Vigil service as its own process (dist/, as `./vigil up` runs it), so a test can kill it
 * with SIGKILL and start it again on the same namespace and port.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private readonly main: string;
  output = '';

  constructor(
    service: 'ingestion' | 'detection' | 'incidents' | 'drills',
    private readonly env: Record<string, string>,
  ) {
    this.main = resolve(root, `dist/apps/${service}/src/main.js`);
    if (!existsSync(this.main)) {
      throw new Error(`${this.main} is missing: run \`npm run build\` (./vigil test does it) first`);
    }
  }

  start(): void {
    this.child = spawn(process.execPath, [this.main], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-20000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
  }

  kill9(): Promise<void> {
    return this.stop('SIGKILL');
  }

  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return Promise.resolve();
    return new Promise((resolveExit) => {
      child.once('exit', () => {
        resolveExit();
      });
      child.kill(signal);
    });
  }
}
