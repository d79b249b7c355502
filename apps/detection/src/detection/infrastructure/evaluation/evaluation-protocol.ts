import type { RuleChangeV1 } from '@vigil/contracts';
import type { SigmaMatch } from '@vigil/sigma';
import type { RuleFailureNotice } from '../../domain/alert-factory';
import type { RuleTimings } from '../../application/event-evaluator';

/** What an evaluation worker builds its own catalog from: the main catalog's options, all plain data. */
export interface CatalogSpec {
  pipelineNames: readonly string[];
  unmapped: 'evaluate' | 'skip';
  packDirs: string[];
  maxEntriesPerKey: number;
  placeholders: Readonly<Record<string, readonly string[]>>;
}

export interface EvaluationWorkerData {
  catalog: CatalogSpec;
  /** Shared progress, read by the watchdog while the worker is busy (see ProgressBoard). */
  progress: SharedArrayBuffer;
}

export type ToWorker =
  | { type: 'apply'; change: RuleChangeV1 }
  | { type: 'fail'; ruleKey: string; reason: string }
  | {
      type: 'match';
      id: number;
      events: readonly unknown[];
      /** Record the key of each rule as it starts, so an overrun names its rule. */
      diagnose: boolean;
      /** Time every rule on events whose running number is a multiple of this. */
      timeEvery: number;
    };

export type FromWorker =
  | { type: 'ready'; loaded: number; rejected: number }
  | {
      type: 'matched';
      id: number;
      matches: SigmaMatch[][];
      failures: { index: number; notice: RuleFailureNotice }[];
      seconds: number[];
      timings: RuleTimings;
    };

const HEADER_INTS = 4;
const KEY_BYTES = 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The few numbers a busy worker shares with its watchdog without a message (messages wait for
 * the worker's event loop, which a runaway rule holds): the request and event in progress, and,
 * when diagnosing, the key of the rule in progress.
 */
export class ProgressBoard {
  readonly buffer: SharedArrayBuffer;
  private readonly ints: Int32Array;
  private readonly bytes: Uint8Array;

  constructor(buffer?: SharedArrayBuffer) {
    this.buffer = buffer ?? new SharedArrayBuffer(HEADER_INTS * 4 + KEY_BYTES);
    this.ints = new Int32Array(this.buffer, 0, HEADER_INTS);
    this.bytes = new Uint8Array(this.buffer, HEADER_INTS * 4, KEY_BYTES);
  }

  /** Worker side: event `index` of request `id` starts (index -1: idle). */
  startEvent(id: number, index: number): void {
    Atomics.store(this.ints, 0, id);
    Atomics.store(this.ints, 1, index);
    Atomics.store(this.ints, 2, 0);
    Atomics.add(this.ints, 3, 1);
  }

  /** Worker side, when diagnosing: this rule starts. */
  startRule(ruleKey: string): void {
    const { written } = encoder.encodeInto(ruleKey, this.bytes);
    Atomics.store(this.ints, 2, written);
  }

  /** Watchdog side: a number that changes whenever the worker moves to another event. */
  get tick(): number {
    return Atomics.load(this.ints, 3);
  }

  /** The request the worker is on (it may still be busy with earlier messages when one is sent). */
  get requestId(): number {
    return Atomics.load(this.ints, 0);
  }

  get eventIndex(): number {
    return Atomics.load(this.ints, 1);
  }

  get ruleKey(): string | undefined {
    const length = Atomics.load(this.ints, 2);
    return length === 0 ? undefined : decoder.decode(this.bytes.slice(0, length));
  }
}
