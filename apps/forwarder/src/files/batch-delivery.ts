import { batchBody, halveBatch, splitBatch, type LineBatch } from '../batching/line-batch';
import type { BatchSender } from '../delivery/batch-sender';
import { idempotencyKey } from '../delivery/idempotency-key';
import type { RejectedLine } from '../delivery/ingest-response';
import type { FileProgress } from '../progress/progress-reporter';
import { ForwarderError, ForwarderErrorCode } from '../forwarder-error';
import type { FileState } from '../state/file-state';
import type { FileStateStore } from '../state/file-state.store';

/** Rejected lines named one by one per batch; the rest are counted. */
const REJECTED_LINES_SHOWN = 5;

/** A file being shipped: its label for messages and its acknowledged state. */
export interface ShippingFile {
  label: string;
  state: FileState;
}

export interface DeliveryContext {
  sender: BatchSender;
  store: FileStateStore;
  progress: FileProgress;
  warn: (message: string) => void;
  /** Lowered after a 413 so later batches fit the server's limit from the start. */
  limits: { maxBytes: number };
}

/**
 * Delivers one batch and moves the file's acknowledged offset past it. The batch is recorded
 * as pending before it is sent, so a crash resends exactly it with the same key; the offset
 * is saved only after the server's 2xx. A 413 splits the batch and delivers the parts in order.
 */
export async function deliverBatch(
  file: ShippingFile,
  batch: LineBatch,
  context: DeliveryContext,
  bodyLimit?: number,
): Promise<void> {
  file.state = { ...file.state, pending: { start: batch.start, end: batch.end } };
  await context.store.save(file.state);

  let body = batchBody(batch);
  if (bodyLimit !== undefined && body.length > bodyLimit) {
    context.warn(
      `${file.label}: the line at byte ${batch.start} is ${body.length} bytes, more than the server accepts; ` +
        `sending its first ${bodyLimit} bytes (the server keeps it in its dead-letter queue)`,
    );
    body = body.subarray(0, bodyLimit);
  }
  const key = idempotencyKey({ ...file.state, start: batch.start, end: batch.end });
  const result = await context.sender.send({ idempotencyKey: key, body }, file.label);

  if (result.kind === 'too-large') {
    const limit =
      result.limitBytes === undefined ? undefined : Math.max(1, Math.floor(result.limitBytes * 0.9));
    if (limit !== undefined) context.limits.maxBytes = Math.min(context.limits.maxBytes, limit);
    let parts = limit === undefined ? [batch] : splitBatch(batch, limit);
    if (parts.length === 1) parts = halveBatch(batch);
    if (parts.length === 1) {
      // One line the server will not take whole: send what it takes, so the SOC still sees it.
      if (body.length <= 1)
        throw new ForwarderError(ForwarderErrorCode.Rejected, 'the server refuses even one byte (413)');
      const retrying = bodyLimit !== undefined;
      await deliverBatch(
        file,
        batch,
        context,
        !retrying && limit !== undefined ? limit : Math.floor(body.length / 2),
      );
      return;
    }
    for (const part of parts) await deliverBatch(file, part, context);
    return;
  }

  reportRejected(file.label, batch, result.rejected, context.warn);
  file.state = { ...file.state, offset: batch.end, pending: undefined };
  await context.store.save(file.state);
  context.progress.acknowledged(batch.end, batch.lineStarts.length, result.rejected.length);
}

function reportRejected(
  label: string,
  batch: LineBatch,
  rejected: RejectedLine[],
  warn: (message: string) => void,
) {
  for (const { line, reason } of rejected.slice(0, REJECTED_LINES_SHOWN)) {
    const offset = batch.lineStarts[line - 1] ?? batch.start;
    warn(
      `${label}: the server rejected the line at byte ${offset} (${reason}); it is kept in its dead-letter queue`,
    );
  }
  if (rejected.length > REJECTED_LINES_SHOWN) {
    warn(`${label}: ${rejected.length - REJECTED_LINES_SHOWN} more lines of this batch were rejected`);
  }
}
