/** Rounds start over (and stamps are wiped) before the counter leaves V8's small-integer range. */
const LAST_ROUND = 0x3fff_ffff;

/**
 * A set of small non-negative integers (slot numbers) emptied in O(1): a member is a slot stamped
 * with the current round, and `clear` starts a new round. The engine keeps one per kind of
 * per-event state and clears it for each event, instead of allocating sets and maps per event.
 */
export class RoundSet {
  private stamps = new Int32Array(64);
  private round = 1;

  /** `lastRound` is for tests, to reach the start-over without a billion rounds. */
  constructor(private readonly lastRound = LAST_ROUND) {}

  clear(): void {
    if (++this.round < this.lastRound) return;
    this.stamps.fill(0);
    this.round = 1;
  }

  has(slot: number): boolean {
    return slot < this.stamps.length && this.stamps[slot] === this.round;
  }

  /** Adds a slot; false when it was already a member this round. */
  add(slot: number): boolean {
    if (slot >= this.stamps.length) this.grow(slot);
    if (this.stamps[slot] === this.round) return false;
    this.stamps[slot] = this.round;
    return true;
  }

  private grow(slot: number): void {
    let length = this.stamps.length * 2;
    while (length <= slot) length *= 2;
    const stamps = new Int32Array(length);
    stamps.set(this.stamps);
    this.stamps = stamps;
  }
}
