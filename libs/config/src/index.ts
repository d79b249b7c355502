/**
 * @vigil/config — one validated config object per service. `loadConfig` reads the environment
 * (the only place process.env is read), stops start-up naming every bad variable, and
 * `redactConfig` gives the loggable view with secrets hidden.
 */
export * from './readers';
export * from './load-config';
export * from './service-config';
export * from './http-server-config';
export * from './connection-security';
export * from './service-config.module';
