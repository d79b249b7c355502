import { createHash } from 'node:crypto';

/** The `prev_hash` of a chain's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * An audit entry as stored and published. `hash` covers every other field of the entry (and so the
 * previous entry's hash): changing anything in an entry, removing one or reordering two breaks
 * the chain from that entry on. `published_at` is delivery bookkeeping, outside the hash.
 */
export interface StoredAuditEntry {
  readonly change_id: string;
  /** `<subject type>:<subject id>`: one chain per subject. */
  readonly chain: string;
  readonly seq: number;
  readonly at: string;
  readonly subject: { readonly type: string; readonly id: string };
  readonly incident_id?: string;
  readonly organization_id: string;
  readonly actor: { readonly id: string; readonly name: string; readonly roles: readonly string[] };
  readonly action: string;
  readonly reason?: string;
  readonly before?: Record<string, unknown>;
  readonly after?: Record<string, unknown>;
  readonly drill_run_id?: string;
  readonly prev_hash: string;
  readonly hash: string;
  readonly published_at?: string;
}

export type UnhashedAuditEntry = Omit<StoredAuditEntry, 'hash' | 'published_at'>;

/** JSON with object keys sorted at every level: one byte string per value, whatever the key order. */
export function canonicalJson(value: unknown): string {
  // undefined has no JSON text; inside arrays JSON writes it as null (object keys skip it below).
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

export function hashOf(entry: UnhashedAuditEntry): string {
  const { hash: _hash, published_at: _published, ...content } = entry as StoredAuditEntry;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export function sealed(entry: UnhashedAuditEntry): StoredAuditEntry {
  return { ...entry, hash: hashOf(entry) };
}

export type BrokenLinkReason =
  /** The entry's content no longer gives its hash: it was edited. */
  | 'content-altered'
  /** The entry does not point at the previous entry's hash: one was replaced or removed. */
  | 'previous-hash-mismatch'
  /** A sequence number is missing or repeated: an entry was deleted or inserted. */
  | 'sequence-gap';

export interface ChainVerdict {
  readonly chain: string;
  readonly valid: boolean;
  /** Entries checked, up to and including the first broken one. */
  readonly checked: number;
  readonly headSeq: number;
  readonly headHash: string;
  readonly firstBroken?: {
    readonly seq: number;
    readonly changeId: string;
    readonly reason: BrokenLinkReason;
  };
}

/** Where a chain's head was when it was last appended to, kept apart from the entries (Redis). */
export interface ChainAnchor {
  readonly seq: number;
  readonly hash: string;
}

/**
 * Walks a chain in sequence order and names its first broken link. An entry edited with its hash
 * recomputed shows as a broken link at the next entry; at the head (no next entry) only the anchor
 * kept outside Elasticsearch can tell, so it is compared too when given.
 */
export function verifyChain(
  chain: string,
  entries: readonly StoredAuditEntry[],
  anchor?: ChainAnchor,
): ChainVerdict {
  const head = { headSeq: entries.at(-1)?.seq ?? 0, headHash: entries.at(-1)?.hash ?? GENESIS_HASH };
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (const entry of entries) {
    checked++;
    const broken = (reason: BrokenLinkReason): ChainVerdict => ({
      chain,
      valid: false,
      checked,
      ...head,
      firstBroken: { seq: entry.seq, changeId: entry.change_id, reason },
    });
    if (entry.seq !== checked || entry.chain !== chain) return broken('sequence-gap');
    if (entry.prev_hash !== prevHash) return broken('previous-hash-mismatch');
    if (hashOf(entry) !== entry.hash) return broken('content-altered');
    if (anchor && entry.seq === anchor.seq && entry.hash !== anchor.hash) return broken('content-altered');
    prevHash = entry.hash;
  }
  if (anchor && anchor.seq > checked) {
    return {
      chain,
      valid: false,
      checked,
      ...head,
      firstBroken: { seq: checked + 1, changeId: '', reason: 'sequence-gap' },
    };
  }
  return { chain, valid: true, checked, ...head };
}
