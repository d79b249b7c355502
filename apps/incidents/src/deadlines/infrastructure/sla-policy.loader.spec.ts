import { defaultPolicy } from '../test/sla-policy.factory';
import { loadSlaPolicy, parseSlaPolicy } from './sla-policy.loader';

describe('the shipped SLA policy (apps/incidents/workflow/sla.yml)', () => {
  it('holds the issue defaults: acknowledge P1 15 min and P2 1 h, national 5 days, immediate 24 h, final 5 days', () => {
    expect(loadSlaPolicy('default')).toEqual(defaultPolicy());
  });
});

describe('parseSlaPolicy', () => {
  const parse = (deadlines: string, warn = '{ percent: 20 }') =>
    parseSlaPolicy(`version: 1\nwarn_before: ${warn}\ndeadlines:\n${deadlines}\n`, 'sla.yml');

  it('names the file and the field that is wrong', () => {
    expect(() => parse('  acknowledge: { team: soc, by_priority: { P1: 15 minutes } }')).toThrow(
      /^sla\.yml: deadlines\.acknowledge\.by_priority\.P1: must match pattern/,
    );
    expect(() => parse('  respond: { team: soc, window: 1h }')).toThrow(
      /deadlines: must NOT have additional properties "respond"/,
    );
    expect(() => parse('  acknowledge: { team: soc, by_priority: { P5: 1h } }')).toThrow(/"P5"/);
    expect(() => parse('  {}', '{ percent: 120 }')).toThrow(/warn_before/);
    expect(() => parse('  final-report: { team: soc, window: 0d }')).toThrow(/final-report\.window/);
  });

  it('refuses text that is not YAML, saying so', () => {
    expect(() => parseSlaPolicy('version: [1', 'sla.yml')).toThrow(/sla\.yml: cannot be read as YAML/);
  });

  it('reads fixed-minute warnings and per-deadline overrides', () => {
    const policy = parse(
      '  final-report: { team: ir, window: 5d, warn_before: { minutes: 120 }, met_by_reports: [final] }',
      '{ minutes: 5 }',
    );
    expect(policy.warnBefore).toEqual({ minutes: 5 });
    expect(policy.deadlines['final-report']).toEqual({
      team: 'ir',
      windowMs: 5 * 86_400_000,
      byPriority: {},
      byLegalClass: {},
      warnBefore: { minutes: 120 },
      metByReports: ['final'],
    });
  });
});
