#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import type { ApiKeySource } from './cli/forwarder-options';
import { parseArguments, USAGE } from './cli/parse-arguments';
import { ForwarderError, ForwarderErrorCode } from './forwarder-error';
import { runForwarder } from './forwarder';
import { ProgressReporter } from './progress/progress-reporter';
import { Shutdown, wait } from './shutdown';

/** How long an in-flight request may finish after SIGINT/SIGTERM before it is abandoned. */
const STOP_GRACE_MS = 5000;

async function main(argv: string[]): Promise<number> {
  let request;
  try {
    request = parseArguments(argv, { cwd: process.cwd(), homeDir: safeHomeDir() });
    if (request.kind === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
  } catch (error) {
    return report(error);
  }

  let apiKey: string;
  try {
    apiKey = await readApiKey(request.apiKey);
  } catch (error) {
    return report(error);
  }
  const options = { ...request.options, apiKey };
  const reporter = new ProgressReporter(
    process.stderr,
    options.quiet ? 'quiet' : process.stderr.isTTY ? 'tty' : 'plain',
  );
  const shutdown = new Shutdown();
  const onSignal = (signal: NodeJS.Signals) => {
    if (shutdown.stopping.aborted) {
      shutdown.abandonNow();
      return;
    }
    reporter.info(`${signal}: stopping after the request in flight (again to stop at once)`);
    shutdown.stop();
    setTimeout(() => {
      shutdown.abandonNow();
    }, STOP_GRACE_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  reporter.start();
  try {
    const result = await runForwarder(options, { shutdown, reporter, wait, random: Math.random });
    reporter.stop();
    // Stopping is how a followed run ends; a one-shot run stopped early has not shipped everything.
    return result === 'stopped' && !options.follow ? 130 : 0;
  } catch (error) {
    reporter.stop();
    return report(error);
  }
}

async function readApiKey(source: ApiKeySource): Promise<string> {
  if (source.kind === 'value') return source.value;
  let text: string;
  try {
    text = await readFile(source.path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ForwarderError(
      ForwarderErrorCode.Usage,
      `--api-key-file: cannot read ${source.path}: ${reason}`,
    );
  }
  const key = text.split('\n')[0].trim();
  if (key === '')
    throw new ForwarderError(ForwarderErrorCode.Usage, `--api-key-file ${source.path} is empty`);
  return key;
}

/** Prints the error and returns the exit code: 2 for usage errors, 1 for everything else. */
function report(error: unknown): number {
  if (error instanceof ForwarderError && error.code === ForwarderErrorCode.Usage) {
    process.stderr.write(`forwarder: ${error.message}\nRun 'forwarder --help' for the options.\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`forwarder: error: ${message}\n`);
  return 1;
}

function safeHomeDir(): string | undefined {
  try {
    return homedir();
  } catch {
    return undefined;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exit(code);
});
