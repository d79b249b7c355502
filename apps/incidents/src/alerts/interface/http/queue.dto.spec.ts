import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BulkTriageRequestDto, QueueFilterQueryDto, TriageRequestDto } from './queue.dto';

function problems<T extends object>(type: new () => T, plain: object): { value: T; fields: string[] } {
  const value = plainToInstance(type, plain);
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true });
  const fields = errors.flatMap((error) => [
    error.property,
    ...(error.children ?? []).map((child) => `${error.property}.${child.property}`),
  ]);
  return { value, fields };
}

describe('queue request validation', () => {
  it('reads lists as comma-separated or repeated parameters', () => {
    const { value, fields } = problems(QueueFilterQueryDto, {
      rule: ['a,b', 'c'],
      level: 'high,critical',
      limit: '20',
    });
    expect(fields).toEqual([]);
    expect(value.rule).toEqual(['a', 'b', 'c']);
    expect(value.level).toEqual(['high', 'critical']);
    expect(value.limit).toBe(20);
  });

  it.each([
    [{ source: '10.0.0.0/33' }, 'source'],
    [{ source: '10.0.0.1/8/1' }, 'source'],
    [{ source: 'example.org' }, 'source'],
    [{ level: 'severe' }, 'level'],
    [{ state: 'done' }, 'state'],
    [{ from: 'yesterday' }, 'from'],
    [{ limit: '1000' }, 'limit'],
    [{ rule: 'x'.repeat(257) }, 'rule'],
    [{ host: Array.from({ length: 51 }, (_, n) => `h${n}`).join(',') }, 'host'],
    [{ sort: 'anything' }, 'sort'],
  ])('refuses %j naming %s', (query, field) => {
    expect(problems(QueueFilterQueryDto, query).fields).toContain(field);
  });

  it('accepts addresses and ranges of both families', () => {
    expect(
      problems(QueueFilterQueryDto, { source: '203.0.113.7,198.51.100.0/24,2001:db8::/32' }).fields,
    ).toEqual([]);
  });

  it('asks each action for what it needs, naming the field', () => {
    expect(problems(TriageRequestDto, { action: 'close', reason: 'scanner' }).fields).toEqual([
      'close_reason',
    ]);
    expect(problems(TriageRequestDto, { action: 'close', close_reason: 'benign' }).fields).toEqual([
      'reason',
    ]);
    expect(problems(TriageRequestDto, { action: 'reopen' }).fields).toEqual(['reason']);
    expect(problems(TriageRequestDto, { action: 'assign' }).fields).toEqual(['assignee_id']);
    expect(problems(TriageRequestDto, { action: 'assign', assignee_id: null }).fields).toEqual([]);
    expect(problems(TriageRequestDto, { action: 'acknowledge', version: '3' }).fields).toEqual(['version']);
    expect(problems(TriageRequestDto, { action: 'escalate' }).fields).toEqual(['action']);
  });

  it('bounds bulk requests and checks every target', () => {
    const target = { type: 'alert', id: 'a' };
    expect(problems(BulkTriageRequestDto, { action: 'acknowledge', targets: [] }).fields).toEqual([
      'targets',
    ]);
    expect(
      problems(BulkTriageRequestDto, {
        action: 'acknowledge',
        targets: Array.from({ length: 501 }, () => target),
      }).fields,
    ).toEqual(['targets']);
    expect(
      problems(BulkTriageRequestDto, { action: 'reopen', reason: 'x', targets: [target] }).fields,
    ).toEqual(['action']);
    expect(
      problems(BulkTriageRequestDto, { action: 'acknowledge', targets: [{ type: 'incident', id: 'a' }] })
        .fields,
    ).toEqual(['targets', 'targets.0']);
  });
});
