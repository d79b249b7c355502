import { parseLine } from '../parse-line';
import { expectEvent, parseOptions } from '../test/parse-options.factory';

const parse = (message: string, tag = 'sshd[812]') =>
  expectEvent(parseLine(`<38>Nov 27 16:59:00 bastion ${tag}: ${message}`, parseOptions()));

describe('Linux auth enrichment', () => {
  it.each([
    ['Accepted password for root from 203.0.113.5 port 52211 ssh2', 'success', 'root', 'password'],
    [
      'Accepted publickey for deploy from 2001:db8::1 port 22 ssh2: RSA SHA256:xyz',
      'success',
      'deploy',
      'publickey',
    ],
    ['Failed password for root from 203.0.113.5 port 52211 ssh2', 'failure', 'root', 'password'],
    ['Failed publickey for git from 203.0.113.5 port 1 ssh2', 'failure', 'git', 'publickey'],
  ])('sshd: %s', (message, outcome, user, method) => {
    const event = parse(message);
    expect(event.event).toMatchObject({
      category: ['authentication'],
      type: ['start'],
      action: 'ssh_login',
      outcome,
      dataset: 'system.auth',
    });
    expect(event.user?.name).toBe(user);
    expect(event.source?.ip).toBeDefined();
    expect(event.source?.port).toEqual(expect.any(Number));
    expect(event['ssh']).toMatchObject({ method, invalid_user: false });
  });

  it('sshd: failed password for an invalid user', () => {
    const event = parse('Failed password for invalid user oracle from 198.51.100.7 port 40000 ssh2');
    expect(event.event.outcome).toBe('failure');
    expect(event.user?.name).toBe('oracle');
    expect(event.source).toEqual({ address: '198.51.100.7', ip: '198.51.100.7', port: 40000 });
    expect(event['ssh']).toEqual({ method: 'password', invalid_user: true });
  });

  it('sshd: "Invalid user X from IP" with and without port', () => {
    expect(parse('Invalid user admin from 198.51.100.7 port 41000').source?.port).toBe(41000);
    const event = parse('Invalid user admin from 198.51.100.7');
    expect(event.event).toMatchObject({ category: ['authentication'], outcome: 'failure' });
    expect(event.user?.name).toBe('admin');
    expect(event.source?.ip).toBe('198.51.100.7');
  });

  it('sshd: rsyslog "message repeated" wrapper', () => {
    const event = parse(
      'message repeated 3 times: [ Failed password for root from 203.0.113.5 port 52211 ssh2]',
    );
    expect(event.event.outcome).toBe('failure');
    expect(event.user?.name).toBe('root');
  });

  it('pam_unix authentication failure with rhost and user', () => {
    const event = parse(
      'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.5  user=root',
    );
    expect(event.event).toMatchObject({
      category: ['authentication'],
      outcome: 'failure',
      action: 'authentication_failure',
    });
    expect(event.user?.name).toBe('root');
    expect(event.source?.ip).toBe('203.0.113.5');
  });

  it('pam_unix authentication failure with a host name as rhost', () => {
    const event = parse(
      'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=evil.example',
    );
    expect(event.source).toEqual({ address: 'evil.example', domain: 'evil.example' });
    expect(event.user).toBeUndefined();
  });

  // Whole lines as real hosts write them: Ubuntu's auth.log (Linux-PAM 1.x) and a Red Hat 9 era
  // host (Linux-PAM 0.7x, module in the tag; the loghub Linux sample has thousands of these).
  it.each([
    [
      'Nov 27 16:59:00 bastion sshd[4102]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.5  user=root',
      '203.0.113.5',
      'root',
    ],
    [
      'Jun 15 02:04:59 combo sshd(pam_unix)[20882]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=220-135-151-1.hinet-ip.hinet.net  user=root',
      '220-135-151-1.hinet-ip.hinet.net',
      'root',
    ],
    [
      'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 ',
      '218.188.2.4',
      undefined,
    ],
    [
      'Jul 10 05:42:19 combo su(pam_unix)[1234]: authentication failure; logname=cyrus uid=0 euid=0 tty= ruser= rhost=10.0.0.7  user=news',
      '10.0.0.7',
      'news',
    ],
  ])('every pam_unix failure shape: %s', (line, rhost, user) => {
    const event = expectEvent(parseLine(line, parseOptions()));
    expect(event.event).toMatchObject({
      category: ['authentication'],
      action: 'authentication_failure',
      outcome: 'failure',
      dataset: 'system.auth',
    });
    expect(event.source?.address).toBe(rhost);
    expect(event.user?.name).toBe(user);
  });

  it('an old-style tag alone does not make a failure: the message must say so', () => {
    const event = parse('session opened for user root by (uid=0)', 'sshd(pam_unix)[20882]');
    expect(event.event.outcome).toBeUndefined();
  });

  it('pam_unix session opened and closed', () => {
    const opened = parse('pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)');
    expect(opened.event).toMatchObject({ category: ['session'], type: ['start'], outcome: 'success' });
    expect(opened.user?.name).toBe('alice');
    const closed = parse('pam_unix(systemd-user:session): session closed for user alice', 'systemd[1]');
    expect(closed.event).toMatchObject({ category: ['session'], type: ['end'] });
  });

  it('sudo command', () => {
    const event = parse(
      '    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/cat /etc/shadow',
      'sudo',
    );
    expect(event.event).toMatchObject({ category: ['process'], action: 'sudo', outcome: 'success' });
    expect(event.user).toEqual({ name: 'alice', target: { name: 'root' } });
    expect(event.process?.command_line).toBe('/usr/bin/cat /etc/shadow');
    expect(event['sudo']).toEqual({
      tty: 'pts/0',
      pwd: '/home/alice',
      user: 'root',
      command: '/usr/bin/cat /etc/shadow',
    });
  });

  it('sudo failure keeps the problem and marks the outcome', () => {
    const event = parse(
      'mallory : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/sh -c "a ; b"',
      'sudo',
    );
    expect(event.event).toMatchObject({ category: ['authentication', 'process'], outcome: 'failure' });
    expect(event['sudo']).toMatchObject({
      error: '3 incorrect password attempts',
      command: '/bin/sh -c "a ; b"',
    });
  });

  it('leaves unrelated lines alone', () => {
    const event = parse('Server listening on 0.0.0.0 port 22.');
    expect(event.event.category).toBeUndefined();
    expect(event.user).toBeUndefined();
  });
});
