import { isIP } from 'node:net';
import type { EcsEndpoint } from '@vigil/contracts';
import type { DraftFields } from '../event-draft';

const TRANSPORTS: Readonly<Record<string, string>> = {
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '58': 'ipv6-icmp',
  '47': 'gre',
  '50': 'esp',
  '132': 'sctp',
};
const ALLOWED = new Set([
  'allow',
  'allowed',
  'accept',
  'accepted',
  'permit',
  'permitted',
  'pass',
  'passed',
  'success',
  'succeeded',
]);
const DENIED = new Set([
  'deny',
  'denied',
  'drop',
  'dropped',
  'block',
  'blocked',
  'reject',
  'rejected',
  'fail',
  'failed',
  'failure',
  'reset',
  'refused',
]);

/** `6` / `TCP` → `tcp` (ECS network.transport). */
export function transportName(protocol: string): string | undefined {
  const trimmed = protocol.trim();
  if (trimmed === '') return undefined;
  return TRANSPORTS[trimmed] ?? trimmed.toLowerCase();
}

/** allow/accept/permit → success, deny/drop/block/reject → failure; anything else unknown. */
export function outcomeOfAction(action: string): 'success' | 'failure' | undefined {
  const lowered = action.trim().toLowerCase();
  if (ALLOWED.has(lowered)) return 'success';
  if (DENIED.has(lowered)) return 'failure';
  return undefined;
}

export function parsePort(value: string): number | undefined {
  if (!/^\d{1,5}$/.test(value)) return undefined;
  const port = Number(value);
  return port <= 65535 ? port : undefined;
}

function endpoint(fields: DraftFields, side: 'source' | 'destination'): EcsEndpoint {
  const existing = fields[side];
  if (existing !== undefined) return existing;
  const created: EcsEndpoint = {};
  fields[side] = created;
  return created;
}

/** An address: `ip` when it is one, otherwise `domain`; always `address`. */
export function setAddress(fields: DraftFields, side: 'source' | 'destination', value: string): void {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === '-') return;
  const target = endpoint(fields, side);
  target.address = trimmed;
  if (isIP(trimmed) !== 0) target.ip = trimmed;
  else target.domain = trimmed;
}

export function setPort(fields: DraftFields, side: 'source' | 'destination', value: string): void {
  const port = parsePort(value.trim());
  if (port !== undefined) endpoint(fields, side).port = port;
}

export function setEndpointUser(fields: DraftFields, side: 'source' | 'destination', name: string): void {
  if (name !== '') endpoint(fields, side).user = { name };
}

/** network.transport from a protocol number or name. */
export function setTransport(fields: DraftFields, protocol: string): void {
  const transport = transportName(protocol);
  if (transport !== undefined) fields.network = { ...(fields.network as object | undefined), transport };
}

/** event.action plus, for firewall verbs, event.outcome and allowed/denied event.type. */
export function setAction(fields: DraftFields, action: string): void {
  if (action === '') return;
  const outcome = outcomeOfAction(action);
  fields.event = { ...fields.event, action };
  if (outcome !== undefined) {
    fields.event.outcome = outcome;
    fields.event.type = [outcome === 'success' ? 'allowed' : 'denied'];
  }
}
