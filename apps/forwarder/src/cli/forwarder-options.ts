/** The formats the ingestion service's HTTP input accepts in `?format=`. */
export const LOG_FORMATS = ['auto', 'rfc5424', 'rfc3164', 'cef', 'leef', 'json', 'access', 'kv'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Where the API key comes from: the command line, or a file (kept out of `ps` output). */
export type ApiKeySource = { kind: 'value'; value: string } | { kind: 'file'; path: string };

/** Everything one forwarder run needs, validated. */
export interface ForwarderOptions {
  url: URL;
  apiKey: string;
  format: LogFormat;
  follow: boolean;
  stateDir: string;
  batchLines: number;
  batchBytes: number;
  gzip: boolean;
  /** Retries per batch before giving up; undefined retries forever. */
  maxRetries: number | undefined;
  quiet: boolean;
  /** How often a followed file is checked for growth, rotation and truncation. */
  pollIntervalMs: number;
  /** Absolute paths, each listed once. */
  files: string[];
}
