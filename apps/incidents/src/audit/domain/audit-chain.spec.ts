import {
  canonicalJson,
  GENESIS_HASH,
  hashOf,
  sealed,
  verifyChain,
  type StoredAuditEntry,
} from './audit-chain';

function chainOf(length: number, chain = 'incident:INC-2026-000001'): StoredAuditEntry[] {
  const entries: StoredAuditEntry[] = [];
  for (let seq = 1; seq <= length; seq++) {
    entries.push(
      sealed({
        change_id: `change-${seq}`,
        chain,
        seq,
        at: new Date(Date.UTC(2026, 11, 6, 3, seq)).toISOString(),
        subject: { type: 'incident', id: 'INC-2026-000001' },
        organization_id: 'so-tttt',
        actor: { id: 'u-1', name: 'Nguyễn Văn An', roles: ['analyst'] },
        action: 'transitioned',
        before: { state: `s${seq - 1}` },
        after: { state: `s${seq}`, tags: ['a', 'b'] },
        prev_hash: entries.at(-1)?.hash ?? GENESIS_HASH,
      }),
    );
  }
  return entries;
}

describe('canonicalJson', () => {
  it('gives one text whatever the key order, at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } })).toBe(
      canonicalJson({ a: { c: 'x', d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('leaves out undefined keys and writes undefined array items as null, like JSON', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('tells apart values JSON tells apart', () => {
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ 'a"b': 1 })).toBe('{"a\\"b":1}');
  });
});

describe('verifyChain', () => {
  it('accepts an untouched chain and reports its head', () => {
    const entries = chainOf(4);
    const verdict = verifyChain('incident:INC-2026-000001', entries, { seq: 4, hash: entries[3].hash });
    expect(verdict).toEqual({
      chain: 'incident:INC-2026-000001',
      valid: true,
      checked: 4,
      headSeq: 4,
      headHash: entries[3].hash,
    });
  });

  it('names the entry whose content was edited', () => {
    const entries = chainOf(5);
    entries[2] = { ...entries[2], reason: 'edited afterwards' };
    const verdict = verifyChain('incident:INC-2026-000001', entries);
    expect(verdict.valid).toBe(false);
    expect(verdict.firstBroken).toEqual({ seq: 3, changeId: 'change-3', reason: 'content-altered' });
  });

  it('sees an edit inside nested before/after values', () => {
    const entries = chainOf(2);
    entries[0] = { ...entries[0], after: { state: 's1', tags: ['b', 'a'] } };
    expect(verifyChain('incident:INC-2026-000001', entries).firstBroken?.seq).toBe(1);
  });

  it('names the next entry when an edited entry had its hash recomputed', () => {
    const entries = chainOf(4);
    const { hash: _old, ...rest } = entries[1];
    entries[1] = sealed({ ...rest, actor: { id: 'someone-else', name: 'X', roles: ['admin'] } });
    expect(verifyChain('incident:INC-2026-000001', entries).firstBroken).toEqual({
      seq: 3,
      changeId: 'change-3',
      reason: 'previous-hash-mismatch',
    });
  });

  it('sees a rewritten head only through the anchor', () => {
    const entries = chainOf(3);
    const anchor = { seq: 3, hash: entries[2].hash };
    const { hash: _old, ...rest } = entries[2];
    entries[2] = sealed({ ...rest, reason: 'rewritten' });
    expect(verifyChain('incident:INC-2026-000001', entries).valid).toBe(true);
    expect(verifyChain('incident:INC-2026-000001', entries, anchor).firstBroken).toEqual({
      seq: 3,
      changeId: 'change-3',
      reason: 'content-altered',
    });
  });

  it('sees a deleted entry, in the middle and at the end', () => {
    const entries = chainOf(4);
    const anchor = { seq: 4, hash: entries[3].hash };
    expect(verifyChain('incident:INC-2026-000001', [entries[0], entries[2], entries[3]]).firstBroken).toEqual(
      {
        seq: 3,
        changeId: 'change-3',
        reason: 'sequence-gap',
      },
    );
    const truncated = verifyChain('incident:INC-2026-000001', entries.slice(0, 3), anchor);
    expect(truncated.valid).toBe(false);
    expect(truncated.firstBroken).toMatchObject({ seq: 4, reason: 'sequence-gap' });
  });

  it('refuses an entry of another chain spliced in', () => {
    const entries = chainOf(2);
    const other = chainOf(3, 'incident:INC-2026-000002');
    expect(verifyChain('incident:INC-2026-000001', [...entries, other[2]]).firstBroken?.reason).toBe(
      'sequence-gap',
    );
  });

  it('hashes the content and the link, not the delivery bookkeeping', () => {
    const [entry] = chainOf(1);
    expect(hashOf({ ...entry, published_at: '2026-12-06T03:00:00.000Z' } as StoredAuditEntry)).toBe(
      entry.hash,
    );
    expect(hashOf({ ...entry, prev_hash: 'f'.repeat(64) })).not.toBe(entry.hash);
  });
});
