import {
  AppendOptions,
  AppendResult,
  ClaimRecord,
  CorrelationStore,
  WindowChange,
  WindowEntry,
  WindowMember,
} from './correlation-store';
import { InMemoryCorrelationStore } from './in-memory-correlation-store';

/**
 * The windows one batch of matches works on: read from the store once, evaluated in memory (an
 * InMemoryCorrelationStore seeded with what was read, whose append, range and claim define the
 * semantics), and written back in one step with the versions they were read at. A window the
 * batch did not foresee (a chained correlation's, known only once the first one fired) is read
 * when first touched, costing one more round trip.
 */
export class WindowBatch {
  private readonly overlay = new InMemoryCorrelationStore(() => 0);
  private readonly versions = new Map<string, number>();
  private readonly probed = new Set<string>();
  private readonly changes: WindowChange[] = [];
  private claims = 0;

  constructor(private readonly store: CorrelationStore) {}

  /** Reads the windows and members' claim records not read yet, in one store call. */
  async load(members: readonly WindowMember[]): Promise<void> {
    const keys = new Set<string>();
    const unprobed: WindowMember[] = [];
    for (const entry of members) {
      if (!this.versions.has(entry.key)) keys.add(entry.key);
      const probe = probeKey(entry);
      if (this.probed.has(probe)) continue;
      this.probed.add(probe);
      unprobed.push(entry);
    }
    if (keys.size === 0 && unprobed.length === 0) return;
    const snapshot = await this.store.read({ keys: [...keys], members: unprobed });
    for (const [key, window] of snapshot.windows) this.versions.set(key, window.version);
    this.overlay.seed(snapshot);
  }

  async append(key: string, entry: WindowEntry, options: AppendOptions): Promise<AppendResult> {
    await this.load([{ key, member: entry.member }]);
    const appended = await this.overlay.append(key, entry, options);
    if (appended.claimedBy === undefined) this.changes.push({ kind: 'append', key, entry, options });
    return appended;
  }

  range(key: string, from: number, to: number): Promise<WindowEntry[]> {
    return this.overlay.range(key, from, to);
  }

  /** The claim's position among this batch's claims when it took its members, else undefined. */
  async claim(key: string, members: readonly string[], record: ClaimRecord): Promise<number | undefined> {
    if (!(await this.overlay.claim(key, members, record))) return undefined;
    this.changes.push({ kind: 'claim', key, members, record });
    return this.claims++;
  }

  /**
   * Writes the batch's changes. Undefined when another writer moved one of its windows since
   * they were read (nothing was written: evaluate the batch again); with `force`, writes
   * regardless, and each claim says whether it still found its members.
   */
  async commit(force: boolean): Promise<boolean[] | undefined> {
    if (this.changes.length === 0) return [];
    const expected = force
      ? undefined
      : new Map(this.changes.map((change) => [change.key, this.versions.get(change.key) ?? 0]));
    const outcome = await this.store.write({ expected, changes: this.changes });
    return outcome.applied ? outcome.claimed : undefined;
  }
}

function probeKey({ key, member }: WindowMember): string {
  return `${key}\u0000${member}`;
}
