import { type DeadLetterStage, type DeadLetterV1 } from '@vigil/contracts';
import { isUtf8 } from 'node:buffer';

/** A record that cannot go on, with what was wrong with it (named, so an operator can fix it). */
export interface PoisonRecord {
  original: Buffer | string;
  reason: string;
  stage: DeadLetterStage;
  errorCode?: string;
  organizationId?: string;
  source: DeadLetterV1['source'];
  /** A stable id makes a re-sent dead letter recognisable as the same one. */
  id: string;
}

/** Keeps text as text and anything else as base64, so the exact bytes can be replayed. */
export function toDeadLetter(record: PoisonRecord, now = new Date()): DeadLetterV1 {
  const bytes = typeof record.original === 'string' ? Buffer.from(record.original, 'utf8') : record.original;
  const utf8 = isUtf8(bytes);
  return {
    id: record.id,
    original: utf8 ? bytes.toString('utf8') : bytes.toString('base64'),
    original_encoding: utf8 ? 'utf8' : 'base64',
    reason: record.reason,
    stage: record.stage,
    error_code: record.errorCode,
    organization_id: record.organizationId,
    source: record.source,
    first_seen_at: now.toISOString(),
  };
}

/** The original bytes of a dead letter, for replay. */
export function originalBytes(letter: DeadLetterV1): Buffer {
  return Buffer.from(letter.original, letter.original_encoding === 'utf8' ? 'utf8' : 'base64');
}
