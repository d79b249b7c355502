import { formatBytes, ProgressReporter, type ProgressMode } from './progress-reporter';

function reporterWith(mode: ProgressMode) {
  const written: string[] = [];
  const reporter = new ProgressReporter({ write: (text: string) => written.push(text), columns: 80 }, mode);
  return { reporter, output: () => written.join('') };
}

describe('ProgressReporter', () => {
  it('ends a plain run with a summary of what was acknowledged', () => {
    const { reporter, output } = reporterWith('plain');
    const file = reporter.fileProgress('/var/log/auth.log');
    file.opened(4096, 1024);
    file.acknowledged(2048, 10, 1);
    reporter.stop();
    expect(output()).toMatch(
      /2\.0 KiB of 4\.0 KiB acknowledged in 1 file\(s\), 10 lines this run .* 1 rejected\n$/,
    );
  });

  it('keeps warnings and drops progress and information when quiet', () => {
    const { reporter, output } = reporterWith('quiet');
    reporter.info('rotated');
    reporter.warn('server unavailable');
    reporter.stop();
    expect(output()).toBe('forwarder: warning: server unavailable\n');
  });

  it('clears the drawn block on a terminal before printing a message', () => {
    const { reporter, output } = reporterWith('tty');
    reporter.fileProgress('/var/log/a.log').opened(10, 0);
    reporter.start();
    reporter.warn('first');
    reporter.stop();
    expect(output()).toContain('forwarder: warning: first\n');
    expect(output()).toContain('\x1b[2A\r\x1b[J');
  });

  it('formats sizes for people', () => {
    expect([
      formatBytes(512),
      formatBytes(1536),
      formatBytes(5 * 1024 ** 2),
      formatBytes(3 * 1024 ** 3),
    ]).toEqual(['512 B', '1.5 KiB', '5.0 MiB', '3.00 GiB']);
  });
});
