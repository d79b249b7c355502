import { ConfigError, loadConfig } from '@vigil/config';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deadlinesConfigSpec } from './deadlines.config';

const load = (env: Record<string, string>) => loadConfig(deadlinesConfigSpec(), env);

function problemsOf(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError)
      return error.problems.map((problem) => `${problem.variable} ${problem.reason}`);
    throw error;
  }
  return [];
}

describe('deadlines config', () => {
  it('is off by default: shipped policy, no webhook, no e-mail', () => {
    expect(load({})).toEqual({
      slaPolicyFile: 'default',
      slaWebhook: undefined,
      slaSmtp: undefined,
      slaNotifyAttempts: 8,
    });
  });

  it('reads the webhook, its secret inline or from a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-sla-'));
    writeFileSync(join(dir, 'secret'), 'secret-from-a-file-1234\n');
    expect(
      load({
        VIGIL_SLA_WEBHOOK_URL: 'https://hooks.example/sla',
        VIGIL_SLA_WEBHOOK_SECRET_FILE: join(dir, 'secret'),
      }).slaWebhook,
    ).toEqual({ url: 'https://hooks.example/sla', secret: 'secret-from-a-file-1234' });
  });

  it('names the variable that is wrong', () => {
    expect(problemsOf({ VIGIL_SLA_WEBHOOK_URL: 'https://hooks.example/sla' })).toEqual([
      expect.stringMatching(/^VIGIL_SLA_WEBHOOK_SECRET .*at least 16 characters/),
    ]);
    expect(
      problemsOf({ VIGIL_SLA_WEBHOOK_URL: 'ftp://x', VIGIL_SLA_WEBHOOK_SECRET: 'x'.repeat(20) }),
    ).toEqual([expect.stringMatching(/^VIGIL_SLA_WEBHOOK_URL must use http: or https:/)]);
    expect(problemsOf({ VIGIL_SLA_WEBHOOK_SECRET: 'x'.repeat(20) })).toEqual([
      expect.stringMatching(/^VIGIL_SLA_WEBHOOK_URL is required/),
    ]);
    expect(
      problemsOf({ VIGIL_SLA_SMTP_HOST: 'mail.example', VIGIL_SLA_SMTP_FROM: 'soc@example.vn' }),
    ).toEqual([expect.stringMatching(/^VIGIL_SLA_SMTP_TO /)]);
    expect(
      problemsOf({
        VIGIL_SLA_SMTP_HOST: 'mail.example',
        VIGIL_SLA_SMTP_FROM: 'soc@example.vn',
        VIGIL_SLA_SMTP_TO: 'a@example.vn,not-an-address',
      }),
    ).toEqual([expect.stringMatching(/^VIGIL_SLA_SMTP_TO .*"not-an-address"/)]);
    expect(
      problemsOf({
        VIGIL_SLA_SMTP_HOST: 'mail.example',
        VIGIL_SLA_SMTP_FROM: 'soc@example.vn',
        VIGIL_SLA_SMTP_TO: 'a@example.vn',
        VIGIL_SLA_SMTP_PORT: 'smtp',
      }),
    ).toEqual([expect.stringMatching(/^VIGIL_SLA_SMTP_PORT must be a whole number/)]);
  });

  it('reads the SMTP settings, with the password kept out of the logged view', () => {
    const config = load({
      VIGIL_SLA_SMTP_HOST: 'mail.example',
      VIGIL_SLA_SMTP_PORT: '465',
      VIGIL_SLA_SMTP_SECURE: 'true',
      VIGIL_SLA_SMTP_FROM: 'soc@example.vn',
      VIGIL_SLA_SMTP_TO: 'a@example.vn, b@example.vn',
      VIGIL_SLA_SMTP_USERNAME: 'soc',
      VIGIL_SLA_SMTP_PASSWORD: 'mail-password',
    });
    expect(config.slaSmtp).toEqual({
      host: 'mail.example',
      port: 465,
      secure: true,
      from: 'soc@example.vn',
      to: ['a@example.vn', 'b@example.vn'],
      username: 'soc',
      password: 'mail-password',
    });
    expect(JSON.stringify(deadlinesConfigSpec().slaSmtp.redact(config.slaSmtp))).not.toContain(
      'mail-password',
    );
  });
});
