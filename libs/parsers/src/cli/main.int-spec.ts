import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// `npm run -s parse -- … > events.ndjson` must hold events only: the build that may run first
// (the `preparse` script) reports on stderr, so the file feeds `sigma scan --events` as it is.
const root = resolve(__dirname, '../../../..');

it('writes only NDJSON events on stdout through npm run, build step included', () => {
  const input = [
    '<38>Nov 27 03:12:01 web-1 sshd[811]: Failed password for root from 203.0.113.7 port 40001 ssh2',
    '<38>Nov 27 03:12:02 web-1 sshd[811]: Accepted password for admin from 203.0.113.8 port 40002 ssh2',
  ].join('\n');
  const result = spawnSync('npm', ['run', '-s', 'parse', '--', '--agency', 'so-tttt', '--timezone', 'UTC'], {
    cwd: root,
    input,
    encoding: 'utf8',
    timeout: 110000,
  });
  expect(result.stderr).not.toMatch(/error/i);
  expect(result.status).toBe(0);
  const lines = result.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  for (const line of lines) {
    const event = JSON.parse(line) as { organization: { id: string } };
    expect(event.organization.id).toBe('so-tttt');
  }
});
