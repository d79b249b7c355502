import { exampleDirectoryRecordV1 } from '@vigil/contracts';
import { directoryAgencyOf, directorySystemOf } from './directory-system';

describe('directorySystemOf', () => {
  it('reads the contract example (snake_case) and ingestion records (camelCase)', () => {
    expect(directorySystemOf(exampleDirectoryRecordV1())).toMatchObject({
      id: 'so-tttt-portal',
      agencyId: 'so-tttt',
      securityLevel: 3,
      critical: false,
      deleted: false,
    });
    const fromIngestion = {
      ...exampleDirectoryRecordV1(),
      id: 'so-tttt/portal',
      record: { id: 'portal', name: 'Portal', securityLevel: 4, critical: true },
    };
    expect(directorySystemOf(fromIngestion)).toMatchObject({
      id: 'so-tttt/portal',
      securityLevel: 4,
      critical: true,
    });
  });

  it('skips agency records and systems without a level of 1-5', () => {
    expect(directorySystemOf({ ...exampleDirectoryRecordV1(), kind: 'agency' })).toBeUndefined();
    expect(
      directorySystemOf({ ...exampleDirectoryRecordV1(), record: { security_level: 7 } }),
    ).toBeUndefined();
    expect(
      directorySystemOf({ ...exampleDirectoryRecordV1(), record: { security_level: '4' } }),
    ).toBeUndefined();
  });
});

describe('directoryAgencyOf', () => {
  it("keeps an agency record's name, and only agency records", () => {
    const agency = {
      kind: 'agency' as const,
      id: 'so-a',
      agency_id: 'so-a',
      version: 3,
      record: { name: 'Sở Y tế', contact: 'x' },
      changed_at: '2026-12-01T00:00:00.000Z',
    };
    expect(directoryAgencyOf(agency)).toEqual({ id: 'so-a', name: 'Sở Y tế', version: 3, deleted: false });
    expect(directoryAgencyOf({ ...agency, record: {} })?.name).toBe('so-a');
    expect(directoryAgencyOf({ ...agency, kind: 'system' })).toBeUndefined();
  });
});
