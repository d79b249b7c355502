import { WindowEntry } from './correlation-store';

/** What one rule match contributes to a window, decoded from its store member. */
export interface WindowItem {
  timestamp: number;
  member: string;
  /** The event id, or the result id of a correlation that fired (chains). */
  ref: string;
  /** Position in the correlation's `rules` (temporal types); 0 otherwise, so an event counts once. */
  ruleIndex: number;
  /** The timestamp is processing time because the event carried none. */
  approximate: boolean;
  /** The aggregated field's value (value_* types): a number, or a canonical string to compare. */
  value: number | string | null;
}

type EncodedItem = [ref: string, ruleIndex: number, approximate: 0 | 1, value: number | string | null];

/**
 * Members are compact JSON tuples: they are stored once per match and read back on every update
 * of the group, and equal matches must encode equally so a redelivered event is stored once.
 */
export function encodeMember(item: Omit<WindowItem, 'member' | 'timestamp'>): string {
  const encoded: EncodedItem = [item.ref, item.ruleIndex, item.approximate ? 1 : 0, item.value];
  return JSON.stringify(encoded);
}

/** Undefined for a member this version cannot read (written by another version): it is skipped. */
export function decodeEntry(entry: WindowEntry): WindowItem | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(entry.member);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) return undefined;
  const [ref, ruleIndex, approximate, value] = parsed as unknown[];
  if (typeof ref !== 'string' || typeof ruleIndex !== 'number' || (approximate !== 0 && approximate !== 1))
    return undefined;
  if (value !== null && typeof value !== 'number' && typeof value !== 'string') return undefined;
  return {
    timestamp: entry.timestamp,
    member: entry.member,
    ref,
    ruleIndex,
    approximate: approximate === 1,
    value,
  };
}
