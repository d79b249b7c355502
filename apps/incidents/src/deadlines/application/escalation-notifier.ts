import type { Breach } from './breach-log';

/**
 * Tells people outside the console of a breach: a signed webhook and e-mail, each delivered with
 * retries. Idempotent per breach: telling it twice delivers once.
 */
export abstract class EscalationNotifier {
  abstract breached(breach: Breach): Promise<void>;
}
