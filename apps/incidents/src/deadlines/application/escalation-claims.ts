import type { TimerStage } from './deadline-timers';

/**
 * Marks a deadline's warning or breach as being escalated, then as escalated, across instances:
 * a timer that fires again (a stalled job re-run after its worker died) escalates only once.
 */
export abstract class EscalationClaims {
  /** 'done' when that escalation already completed; 'claimed' otherwise (first, or resuming one that died). */
  abstract claim(deadlineId: string, stage: TimerStage): Promise<'claimed' | 'done'>;
  abstract done(deadlineId: string, stage: TimerStage): Promise<void>;
}
