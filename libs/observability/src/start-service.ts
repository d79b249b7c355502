import { Logger, type DynamicModule, type INestApplication } from '@nestjs/common';
import { ConfigError, loadConfig, redactConfig, type ConfigOf, type ConfigSpec } from '@vigil/config';
import { bootstrapService, type BootstrapOptions } from './bootstrap';

/**
 * A service's main(): validate the config first (a bad variable stops the process, named, with
 * exit code 1, before anything connects), log it without secrets, then start the HTTP service.
 */
export async function startService<S extends ConfigSpec>(
  name: string,
  spec: S,
  moduleFor: (config: ConfigOf<S>) => DynamicModule,
  options: (config: ConfigOf<S>) => BootstrapOptions = () => ({}),
): Promise<INestApplication | undefined> {
  let config: ConfigOf<S>;
  try {
    config = loadConfig(spec);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${name}: ${error.message}\n`);
    process.exitCode = 1;
    return undefined;
  }
  const app = await bootstrapService(name, moduleFor(config), options(config));
  new Logger(name).log({ msg: 'configuration', config: redactConfig(spec, config) });
  return app;
}
