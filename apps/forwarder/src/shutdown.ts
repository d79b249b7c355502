import { ForwarderError, ForwarderErrorCode } from './forwarder-error';

/**
 * Stopping in two steps: `stopping` ends waits and keeps new batches from starting, while
 * the request in flight may still finish (and its acknowledgement be saved); `abandon` aborts
 * that request too. Either way, state holds only what the server acknowledged.
 */
export class Shutdown {
  private readonly stopController = new AbortController();
  private readonly abandonController = new AbortController();

  get stopping(): AbortSignal {
    return this.stopController.signal;
  }

  get abandon(): AbortSignal {
    return this.abandonController.signal;
  }

  stop(): void {
    this.stopController.abort();
  }

  abandonNow(): void {
    this.stopController.abort();
    this.abandonController.abort();
  }

  throwIfStopping(): void {
    if (this.stopping.aborted) throw stopped();
  }
}

export function stopped(): ForwarderError {
  return new ForwarderError(ForwarderErrorCode.Stopped, 'stopped');
}

/** Waits `ms`, or rejects with Stopped as soon as `signal` aborts. */
export type Wait = (ms: number, signal: AbortSignal) => Promise<void>;

export const wait: Wait = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(stopped());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(stopped());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
