import { env, InvalidValue, type ConfigOf, type GroupReader } from '@vigil/config';
import { readFileSync } from 'node:fs';

/** Where breaches are announced by a signed webhook: off without a URL. */
export interface SlaWebhookSettings {
  readonly url: string;
  readonly secret: string;
}

/** Where breaches are announced by e-mail: off without a host. */
export interface SlaSmtpSettings {
  readonly host: string;
  readonly port: number;
  /** Implicit TLS (port 465); otherwise STARTTLS when the server offers it. */
  readonly secure: boolean;
  readonly from: string;
  readonly to: readonly string[];
  readonly username?: string;
  readonly password?: string;
}

/** The deadlines context's configuration, spread into the incidents service's config. */
export function deadlinesConfigSpec() {
  return {
    /** The SLA policy (YAML); `default` is apps/incidents/workflow/sla.yml. */
    slaPolicyFile: env.string('VIGIL_INCIDENTS_SLA_FILE', { default: 'default' }),
    slaWebhook: webhookReader(),
    slaSmtp: smtpReader(),
    /** Attempts per webhook or e-mail delivery (exponential backoff from 5 s between them). */
    slaNotifyAttempts: env.integer('VIGIL_SLA_NOTIFY_ATTEMPTS', { default: 8, min: 1, max: 50 }),
  };
}

export type DeadlinesConfig = ConfigOf<ReturnType<typeof deadlinesConfigSpec>>;

const WEBHOOK = [
  'VIGIL_SLA_WEBHOOK_URL',
  'VIGIL_SLA_WEBHOOK_SECRET',
  'VIGIL_SLA_WEBHOOK_SECRET_FILE',
] as const;

function webhookReader(): GroupReader<SlaWebhookSettings | undefined> {
  return group(
    'VIGIL_SLA_WEBHOOK_URL/SECRET',
    WEBHOOK,
    (values) => {
      const url = values.VIGIL_SLA_WEBHOOK_URL;
      const secret = secretOf(values, 'VIGIL_SLA_WEBHOOK_SECRET');
      if (url === undefined) {
        if (secret !== undefined)
          throw new InvalidValue('is required when VIGIL_SLA_WEBHOOK_SECRET is set', 'VIGIL_SLA_WEBHOOK_URL');
        return undefined;
      }
      withVariable('VIGIL_SLA_WEBHOOK_URL', () => env.url('VIGIL_SLA_WEBHOOK_URL').read(url));
      if (secret === undefined || secret.length < 16)
        throw new InvalidValue(
          '(or VIGIL_SLA_WEBHOOK_SECRET_FILE) of at least 16 characters is required when VIGIL_SLA_WEBHOOK_URL is set',
          'VIGIL_SLA_WEBHOOK_SECRET',
        );
      return { url, secret };
    },
    (value) => (value === undefined ? 'off' : { url: value.url, secret: '[secret]' }),
  );
}

const SMTP = [
  'VIGIL_SLA_SMTP_HOST',
  'VIGIL_SLA_SMTP_PORT',
  'VIGIL_SLA_SMTP_SECURE',
  'VIGIL_SLA_SMTP_FROM',
  'VIGIL_SLA_SMTP_TO',
  'VIGIL_SLA_SMTP_USERNAME',
  'VIGIL_SLA_SMTP_PASSWORD',
  'VIGIL_SLA_SMTP_PASSWORD_FILE',
] as const;

function smtpReader(): GroupReader<SlaSmtpSettings | undefined> {
  return group(
    'VIGIL_SLA_SMTP_*',
    SMTP,
    (values) => {
      const host = values.VIGIL_SLA_SMTP_HOST;
      if (host === undefined) return undefined;
      const port = env.port('VIGIL_SLA_SMTP_PORT', { default: 587 });
      const secure = env.boolean('VIGIL_SLA_SMTP_SECURE', { default: false });
      const to = withVariable('VIGIL_SLA_SMTP_TO', () =>
        env.list('VIGIL_SLA_SMTP_TO').read(values.VIGIL_SLA_SMTP_TO),
      );
      const from = values.VIGIL_SLA_SMTP_FROM;
      const address = /^[^\s@<>,]+@[^\s@<>,]+$/;
      if (from === undefined || !address.test(from))
        throw new InvalidValue(
          'must be an e-mail address when VIGIL_SLA_SMTP_HOST is set',
          'VIGIL_SLA_SMTP_FROM',
        );
      const bad = to.find((entry) => !address.test(entry));
      if (to.length === 0 || bad !== undefined)
        throw new InvalidValue(
          `must list e-mail addresses when VIGIL_SLA_SMTP_HOST is set${bad === undefined ? '' : `, bad entry "${bad}"`}`,
          'VIGIL_SLA_SMTP_TO',
        );
      const username = values.VIGIL_SLA_SMTP_USERNAME;
      const password = secretOf(values, 'VIGIL_SLA_SMTP_PASSWORD');
      if (username !== undefined && password === undefined)
        throw new InvalidValue('is required when VIGIL_SLA_SMTP_USERNAME is set', 'VIGIL_SLA_SMTP_PASSWORD');
      return {
        host,
        port: withVariable('VIGIL_SLA_SMTP_PORT', () => port.read(values.VIGIL_SLA_SMTP_PORT)),
        secure: withVariable('VIGIL_SLA_SMTP_SECURE', () => secure.read(values.VIGIL_SLA_SMTP_SECURE)),
        from,
        to,
        ...(username === undefined ? {} : { username }),
        ...(password === undefined ? {} : { password }),
      };
    },
    (value) =>
      value === undefined
        ? 'off'
        : { ...value, ...(value.password === undefined ? {} : { password: '[secret]' }) },
  );
}

function withVariable<T>(variable: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InvalidValue && error.variable === undefined)
      throw new InvalidValue(error.message, variable);
    throw error;
  }
}

/** A secret given inline (NAME) or in a file (NAME_FILE), never both. */
function secretOf(values: Record<string, string | undefined>, name: string): string | undefined {
  const inline = values[name];
  const file = values[`${name}_FILE`];
  if (inline !== undefined && file !== undefined)
    throw new InvalidValue(`and ${name}_FILE are both set: give the secret one way`, name);
  if (file === undefined) return inline;
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new InvalidValue(
      `names a file that cannot be read: ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      `${name}_FILE`,
    );
  }
}

function group<T>(
  label: string,
  variables: readonly string[],
  read: (values: Record<string, string | undefined>) => T,
  redact: (value: T) => unknown,
): GroupReader<T> {
  const valuesOf = (source: NodeJS.ProcessEnv): Record<string, string | undefined> =>
    Object.fromEntries(
      variables.map((name) => {
        const raw = source[name]?.trim();
        return [name, raw === '' ? undefined : raw];
      }),
    );
  return {
    variable: label,
    variables,
    secret: false,
    describe: `settings from ${variables.join(', ')}`,
    read: () => read({}),
    readEnv: (source) => read(valuesOf(source)),
    redact,
  };
}
