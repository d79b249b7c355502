#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { defineCommand, processIo, UsageError } from '@vigil/cli';
import type { ApiKeySource, ForwarderOptions } from './cli/forwarder-options';
import { FORWARDER_COMMAND, forwarderRequestOf } from './cli/parse-arguments';
import { ForwarderError, ForwarderErrorCode } from './forwarder-error';
import { runForwarder } from './forwarder';
import { ProgressReporter } from './progress/progress-reporter';
import { Shutdown, wait } from './shutdown';

/** How long an in-flight request may finish after SIGINT/SIGTERM before it is abandoned. */
const STOP_GRACE_MS = 5000;

const forwarderCommand = defineCommand(FORWARDER_COMMAND, async (parsed, io) => {
  let options: ForwarderOptions;
  try {
    const request = forwarderRequestOf(parsed, { cwd: process.cwd(), homeDir: safeHomeDir() });
    options = { ...request.options, apiKey: await readApiKey(request.apiKey) };
  } catch (error) {
    if (error instanceof ForwarderError && error.code === ForwarderErrorCode.Usage)
      throw new UsageError(error.message);
    throw error;
  }
  const reporter = new ProgressReporter(
    io.stderr,
    options.quiet ? 'quiet' : io.stderr.isTTY ? 'tty' : 'plain',
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
    // Stopping is how a followed run ends; a one-shot run stopped early has not shipped everything.
    return result === 'stopped' && !options.follow ? 130 : 0;
  } catch (error) {
    throw new Error(`error: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    reporter.stop();
  }
});

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

function safeHomeDir(): string | undefined {
  try {
    return homedir();
  } catch {
    return undefined;
  }
}

void forwarderCommand.invoke(process.argv.slice(2), processIo()).then((code) => {
  process.exit(code);
});
