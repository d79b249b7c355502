import { Logger, type DynamicModule, type INestApplication } from '@nestjs/common';
import {
  ConfigError,
  loadConfig,
  redactConfig,
  type ConfigOf,
  type ConfigSpec,
  type serviceConfigSpec,
} from '@vigil/config';
import { bootstrapService, type BootstrapOptions } from './bootstrap';
import { httpServerSettings, type HttpServerSettings } from './http-server-settings';

/**
 * A service's main(): validate the config first (a bad variable stops the process, named, with
 * exit code 1, before anything connects: plain HTTP off loopback without VIGIL_HTTP_INSECURE is
 * one), log it without secrets, then start the HTTP service. `env` is for tests.
 */
export async function startService<S extends ConfigSpec & ReturnType<typeof serviceConfigSpec>>(
  name: string,
  spec: S,
  moduleFor: (config: ConfigOf<S>) => DynamicModule,
  options: (config: ConfigOf<S>) => BootstrapOptions = () => ({}),
  env: NodeJS.ProcessEnv = process.env,
): Promise<INestApplication | undefined> {
  let config: ConfigOf<S>;
  let http: HttpServerSettings;
  try {
    config = loadConfig(spec, env);
    http = httpServerSettings(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${name}: ${error.message}\n`);
    process.exitCode = 1;
    return undefined;
  }
  const app = await bootstrapService(name, moduleFor(config), { ...options(config), http });
  new Logger(name).log({ msg: 'configuration', config: redactConfig(spec, config) });
  return app;
}
