import type { NormalizedEvent } from '@vigil/contracts';
import { getField } from '@vigil/sigma';
import { createHash } from 'node:crypto';

/** Repeated matches of a rule with the same values of `fields` fold into one alert per window. */
export interface SuppressionPolicy {
  fields: string[];
  windowSeconds: number;
}

/** The suppression policy in a rule's metadata (`{ suppression: { fields, window_seconds } }`), if valid. */
export function suppressionOf(metadata: Record<string, unknown> | undefined): SuppressionPolicy | undefined {
  const value = metadata?.suppression;
  if (value === null || typeof value !== 'object') return undefined;
  const { fields, window_seconds: windowSeconds } = value as { fields?: unknown; window_seconds?: unknown };
  if (!Array.isArray(fields) || !fields.every((field) => typeof field === 'string')) return undefined;
  if (typeof windowSeconds !== 'number' || !Number.isInteger(windowSeconds) || windowSeconds <= 0)
    return undefined;
  return { fields, windowSeconds };
}

/**
 * The key one suppression window is kept under: rule, agency, drill run (a drill's matches never
 * fold into real alerts, nor into another run's) and the values of the fields.
 */
export function suppressionKey(ruleId: string, policy: SuppressionPolicy, event: NormalizedEvent): string {
  const values = policy.fields.map((field) => JSON.stringify(getField(event, field) ?? null));
  const drill = event.vigil?.drill?.run_id;
  if (drill !== undefined) values.push(`drill:${JSON.stringify(drill)}`);
  const digest = createHash('sha256').update(values.join('\u0000')).digest('hex').slice(0, 24);
  return `${ruleId}|${event.organization.id}|${digest}`;
}
