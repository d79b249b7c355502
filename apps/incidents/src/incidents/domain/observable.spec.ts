import { IncidentsError } from './incidents.error';
import { normalizedObservableValue } from './observable';

describe('normalizedObservableValue', () => {
  it('accepts values of their type and normalizes case where case means nothing', () => {
    expect(normalizedObservableValue('ip', '203.0.113.7', 'v')).toBe('203.0.113.7');
    expect(normalizedObservableValue('ip', '2001:db8::1', 'v')).toBe('2001:db8::1');
    expect(normalizedObservableValue('domain', 'Evil.Example.COM', 'v')).toBe('evil.example.com');
    expect(normalizedObservableValue('hash', 'D41D8CD98F00B204E9800998ECF8427E', 'v')).toBe(
      'd41d8cd98f00b204e9800998ecf8427e',
    );
    expect(normalizedObservableValue('url', 'https://evil.example.com/a?b=c', 'v')).toBe(
      'https://evil.example.com/a?b=c',
    );
  });

  it('names the field when a value is not of its type', () => {
    const attempt = () => normalizedObservableValue('ip', '999.1.1.1', 'observables[1].value');
    expect(attempt).toThrow(IncidentsError);
    expect(attempt).toThrow(/^observables\[1\]\.value: /);
    expect(() => normalizedObservableValue('hash', 'abc', 'v')).toThrow(/MD5/);
    expect(() => normalizedObservableValue('domain', 'not a domain', 'v')).toThrow(/domain/);
    expect(() => normalizedObservableValue('url', '/relative', 'v')).toThrow(/URL/);
    expect(() => normalizedObservableValue('account', 'x'.repeat(5000), 'v')).toThrow(/1-2048/);
  });
});
