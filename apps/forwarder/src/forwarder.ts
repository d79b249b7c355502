import type { ForwarderOptions } from './cli/forwarder-options';
import { BatchSender } from './delivery/batch-sender';
import { IngestHttpClient, type IngestClient } from './delivery/ingest-http.client';
import { DEFAULT_RETRY_POLICY } from './delivery/retry-policy';
import { FileShipper } from './files/file-shipper';
import { isStopped } from './forwarder-error';
import type { ProgressReporter } from './progress/progress-reporter';
import type { Shutdown, Wait } from './shutdown';
import { FileStateStore } from './state/file-state.store';

export interface ForwarderDependencies {
  shutdown: Shutdown;
  reporter: ProgressReporter;
  wait: Wait;
  random: () => number;
  /** Tests may pass their own; by default the HTTP client for options.url. */
  client?: IngestClient;
}

/** 'shipped': every file was shipped to its end (not following); 'stopped': a signal ended the run. */
export type ForwarderResult = 'shipped' | 'stopped';

const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Ships every file concurrently. The first fatal error (unknown key, disabled agency,
 * retries exhausted, unreadable file) stops the other files and is rethrown.
 */
export async function runForwarder(
  options: ForwarderOptions,
  dependencies: ForwarderDependencies,
): Promise<ForwarderResult> {
  const { shutdown, reporter } = dependencies;
  const client =
    dependencies.client ??
    new IngestHttpClient({
      url: options.url,
      apiKey: options.apiKey,
      format: options.format,
      gzip: options.gzip,
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
  const warn = (message: string) => {
    reporter.warn(message);
  };
  const sender = new BatchSender(
    client,
    { ...DEFAULT_RETRY_POLICY, maxRetries: options.maxRetries },
    shutdown,
    { wait: dependencies.wait, random: dependencies.random, warn },
  );
  const store = new FileStateStore(options.stateDir);

  const failures: unknown[] = [];
  const ended = { stopped: false };
  await Promise.all(
    options.files.map(async (path) => {
      const shipper = new FileShipper(
        path,
        { follow: options.follow, batchLines: options.batchLines, pollIntervalMs: options.pollIntervalMs },
        {
          delivery: {
            sender,
            store,
            progress: reporter.fileProgress(path),
            warn,
            limits: { maxBytes: options.batchBytes },
          },
          shutdown,
          wait: dependencies.wait,
          info: (message) => {
            reporter.info(message);
          },
        },
      );
      try {
        await shipper.run();
      } catch (error) {
        if (isStopped(error)) {
          ended.stopped = true;
          return;
        }
        failures.push(error);
        shutdown.abandonNow();
      }
    }),
  );
  if (failures.length > 0) throw failures[0];
  return ended.stopped ? 'stopped' : 'shipped';
}
