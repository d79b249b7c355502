import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stixBundle, stixPattern, stableUuid, type StixObservable } from './stix-bundle';

// Bundles are validated against the OASIS STIX 2.1 JSON schemas (BSD-3-Clause) in shared/reference.
const SCHEMAS = resolve(__dirname, '../../../../../../shared/reference/stix2.1-json-schemas/schemas');

function bundleValidator() {
  // The schemas' patterns escape '-' outside classes, which unicode-mode regular expressions refuse.
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  for (const folder of ['common', 'sdos', 'sros', 'observables']) {
    for (const file of readdirSync(join(SCHEMAS, folder)).filter((name) => name.endsWith('.json'))) {
      ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, folder, file), 'utf8')) as object);
    }
  }
  const validate = ajv.getSchema(
    'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/common/bundle.json',
  );
  if (!validate) throw new Error('bundle schema not found');
  return validate;
}

const observables: StixObservable[] = [
  { id: 'o1', type: 'ip', value: '203.0.113.7', tlp: 'clear' },
  { id: 'o2', type: 'ip', value: '2001:db8::7', tlp: 'green' },
  { id: 'o3', type: 'domain', value: 'evil.example', tlp: 'amber' },
  { id: 'o4', type: 'url', value: "http://evil.example/a'b\\c", tlp: 'amber+strict' },
  { id: 'o5', type: 'hash', value: 'A'.repeat(64), tlp: 'green' },
  { id: 'o6', type: 'account', value: 'root', tlp: 'clear' },
  { id: 'o7', type: 'file', value: 'invoice.pdf.exe', tlp: 'red' },
];

const build = (maxTlp: StixObservable['tlp']) =>
  stixBundle({
    incidentId: 'INC-2026-000042',
    incidentTitle: 'Mã độc trên máy chủ thư',
    observables,
    producer: 'SOC tỉnh',
    maxTlp,
    now: new Date('2026-12-06T10:00:00.000Z'),
  });

describe('STIX export', () => {
  const validate = bundleValidator();

  it('builds bundles the OASIS STIX 2.1 schemas accept, at every TLP limit', () => {
    for (const maxTlp of ['clear', 'green', 'amber', 'amber+strict', 'red'] as const) {
      const { bundle } = build(maxTlp);
      const valid = validate(bundle);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
    // The validator is not a yes-machine: an indicator without its pattern is refused.
    const { bundle } = build('red');
    const broken = {
      ...bundle,
      objects: bundle.objects.map((object) => ({ ...object, pattern: undefined })),
    };
    expect(validate(JSON.parse(JSON.stringify(broken)))).toBe(false);
  });

  it('lets nothing above the TLP limit leave', () => {
    const amber = build('amber');
    expect(amber.exported).toBe(5);
    expect(amber.withheld).toBe(2);
    const text = JSON.stringify(amber.bundle);
    expect(text).not.toContain('invoice.pdf.exe');
    expect(text).not.toContain('evil.example/a');
    expect(text).not.toContain('TLP:RED');
    expect(build('clear').exported).toBe(2);
    expect(build('red').exported).toBe(7);
  });

  it('marks AMBER+STRICT with AMBER and the strict statement', () => {
    const indicator = build('amber+strict').bundle.objects.find(
      (object) => typeof object.pattern === 'string' && object.pattern.startsWith('[url:'),
    );
    expect(indicator?.object_marking_refs).toHaveLength(2);
    expect(indicator?.object_marking_refs).toContain(
      'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
    );
  });

  it('escapes pattern literals and names hashes by length', () => {
    expect(stixPattern('url', "http://x/a'b\\c")).toBe("[url:value = 'http://x/a\\'b\\\\c']");
    expect(stixPattern('hash', 'AB'.repeat(16))).toBe(`[file:hashes.'MD5' = '${'ab'.repeat(16)}']`);
    expect(stixPattern('ip', '2001:db8::1')).toBe("[ipv6-addr:value = '2001:db8::1']");
  });

  it('keeps an indicator id across exports', () => {
    const first = build('red')
      .bundle.objects.filter((object) => object.type === 'indicator')
      .map((o) => o.id);
    const again = stixBundle({
      incidentId: 'INC-2026-000042',
      incidentTitle: 'x',
      observables,
      producer: 'SOC tỉnh',
      maxTlp: 'red',
      now: new Date(),
    })
      .bundle.objects.filter((object) => object.type === 'indicator')
      .map((o) => o.id);
    expect(again).toEqual(first);
    expect(stableUuid('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
