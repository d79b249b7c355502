import { syslogTlsOptions } from './tls-credentials';

describe('syslogTlsOptions', () => {
  it('names the variable that is missing', () => {
    expect(() => syslogTlsOptions({ cert: '', key: '', ca: '' })).toThrow(
      'VIGIL_SYSLOG_TLS_CERT must be set when VIGIL_SYSLOG_TLS_PORT is enabled',
    );
  });

  it('names the variable and the path of a file it cannot read', () => {
    expect(() => syslogTlsOptions({ cert: '/nonexistent/server.crt', key: '', ca: '' })).toThrow(
      /^VIGIL_SYSLOG_TLS_CERT: cannot read "\/nonexistent\/server.crt"/,
    );
  });
});
