import fc from 'fast-check';
import { LOG_FORMATS, ParseErrorCode, type LogFormat } from './parse-error';
import { parseLine, type ParseResult } from './parse-line';

/** Bad input must give a clear error or a valid event: never a throw, a hang or a malformed event. */
const FORMATS: (LogFormat | 'auto')[] = [...LOG_FORMATS, 'auto'];
const CODES = new Set<string>(Object.values(ParseErrorCode));
const ORG = 'agency-prop';
const NOW = new Date('2026-11-27T10:00:00Z');

const SAMPLES: Record<LogFormat, string> = {
  rfc5424:
    '<165>1 2026-11-27T22:14:15.003+07:00 host app 12 ID47 [ex@1 a="x\\"y" b="\\]"][o@2 c="d"] \uFEFFmessage text here',
  rfc3164:
    '<38>Nov 27 16:59:00 bastion sshd[812]: Failed password for invalid user admin from 203.0.113.5 port 52211 ssh2',
  cef: '<134>Nov 27 17:00:00 fw CEF:0|Ven\\|dor|Prod|1.0|100|Name|7|src=10.0.0.1 dst=10.0.0.2 spt=1 dpt=2 msg=a\\=b c cs1Label=Rule cs1=X rt=Nov 27 2026 17:00:00',
  leef: 'LEEF:2.0|Lancope|StealthWatch|1.0|41|x5E|src=10.0.1.8^dst=10.0.0.5^sev=5^srcPort=81^devTime=Nov 27 2026 17:00:00',
  json: '{"EventID":4624,"Channel":"Security","Hostname":"dc1","TimeCreated":"2026-11-27T10:00:00Z","TargetUserName":"a","IpAddress":"1.2.3.4","nested":{"x":[1,{"y":null}]}}',
  access:
    '1.2.3.4 - bob [27/Nov/2026:17:00:00 +0700] "GET /a?b=c HTTP/1.1" 200 512 "http://r/" "Mozilla/5.0 (X11)"',
  kv: '<189>date=2026-11-27 time=17:00:00 devname="fw 1" srcip=10.1.1.1 srcport=5 dstip=8.8.8.8 dstport=53 proto=17 action=deny msg="x \\"y\\""',
};

function check(result: ParseResult): void {
  if (result.ok) {
    const { event } = result;
    expect(event['@timestamp']).toMatch(/^[+-]?\d{4,6}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(event.event.id.length).toBeGreaterThan(0);
    expect(typeof event.event.original).toBe('string');
    expect(event.organization.id).toBe(ORG);
    expect(LOG_FORMATS).toContain(event.vigil?.format);
    expect(() => JSON.stringify(event)).not.toThrow();
  } else {
    expect(CODES.has(result.error.code)).toBe(true);
    expect(result.error.reason.length).toBeGreaterThan(0);
  }
}

function parse(line: string | Uint8Array, format: LogFormat | 'auto', maxLineBytes?: number): ParseResult {
  return parseLine(line, { organizationId: ORG, format, now: NOW, receivedAt: NOW, maxLineBytes });
}

/** Time per parse, with the line limit raised so the parsers themselves see the whole hostile line. */
function timed(line: string, format: LogFormat | 'auto'): number {
  const start = performance.now();
  check(parse(line, format, 4 * 1024 * 1024));
  return performance.now() - start;
}

describe('parsers under bad input', () => {
  it.each(FORMATS)('%s: random text never crashes', (format) => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (line) => {
        check(parse(line, format));
      }),
      { numRuns: 300 },
    );
  });

  it.each(FORMATS)('%s: random bytes never crash and are never replaced by U+FFFD', (format) => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const result = parse(bytes, format);
        check(result);
        if (result.ok && !Buffer.from(bytes).includes(Buffer.from([0xef, 0xbf, 0xbd]))) {
          expect(result.event.event.original).not.toContain('\uFFFD');
        }
      }),
      { numRuns: 200 },
    );
  });

  it.each(Object.entries(SAMPLES))(
    '%s: the sample parses and every truncation is handled',
    (format, sample) => {
      expect(parse(sample, format as LogFormat).ok).toBe(true);
      for (let i = 0; i <= sample.length; i++) {
        check(parse(sample.slice(0, i), format as LogFormat));
        check(parse(sample.slice(0, i), 'auto'));
      }
    },
  );

  it.each(Object.entries(SAMPLES))(
    '%s: samples with random special characters spliced in',
    (format, sample) => {
      const special = fc.constantFrom(
        '|',
        '=',
        '\\',
        '"',
        "'",
        '[',
        ']',
        '{',
        '}',
        '<',
        '>',
        ' ',
        '\t',
        ':',
        '^',
        '\u0000',
        '\uFEFF',
        '\uD800',
      );
      fc.assert(
        fc.property(
          fc.nat({ max: sample.length }),
          fc.array(special, { minLength: 1, maxLength: 8 }),
          (at, chars) => {
            const line = sample.slice(0, at) + chars.join('') + sample.slice(at);
            check(parse(line, format as LogFormat));
            check(parse(line, 'auto'));
          },
        ),
        { numRuns: 200 },
      );
    },
  );

  it.each(FORMATS)(
    '%s: huge and adversarial fields finish quickly (no catastrophic backtracking)',
    (format) => {
      const n = 600_000;
      const hostile = [
        'a'.repeat(n),
        ' '.repeat(n),
        '='.repeat(n),
        '\\'.repeat(n),
        'a= '.repeat(n / 3),
        'a=b '.repeat(n / 4),
        '"'.repeat(n),
        '['.repeat(n),
        '|'.repeat(n),
        `<13>Nov 27 16:59:00 h sudo: u : ${'x ; '.repeat(n / 4)}`,
        `<13>Nov 27 16:59:00 h sshd[1]: Failed password for ${' '.repeat(n)}`,
        `<13>Nov 27 16:59:00 h sshd[1]: message repeated 2 times: [ ${'['.repeat(n)}`,
        `CEF:0|a|b|c|d|e|f|${'k=v='.repeat(n / 4)}`,
        `CEF:0|a|b|c|d|e|f|k=${'x '.repeat(n / 2)}`,
        `LEEF:1.0|a|b|c|d|${'k=v '.repeat(n / 4)}`,
        `<14>1 - h a - - [${'x@1 a="b" '.repeat(n / 10)}`,
        `1.2.3.4 - - [27/Nov/2026:17:00:00 +0000] "${'\\"'.repeat(n / 2)}`,
        `${'{"a":'.repeat(n / 5)}1`,
        `{"a":"${'\\u0000'.repeat(n / 6)}"}`,
        ...Object.values(SAMPLES).map((sample) => sample.replace(/=([^ ]*)/, `=${'y'.repeat(n)}`)),
      ];
      for (const line of hostile) {
        expect(timed(line, format)).toBeLessThan(1000);
      }
    },
  );

  it('deeply nested JSON is rejected, not recursed into', () => {
    const depth = 10_000;
    const result = parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, 'json');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(ParseErrorCode.NestingTooDeep);
    expect(parse(`${'['.repeat(depth)}${']'.repeat(depth)}`, 'auto').ok).toBe(false);
  });

  it('random JSON values either parse or fail cleanly', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        check(parse(JSON.stringify(value), 'json'));
        check(parse(JSON.stringify({ wrapped: value, 'a.b': value, __proto__: value }), 'auto'));
      }),
      { numRuns: 300 },
    );
  });
});
