import type { EventDraft, ParserContext } from '../event-draft';
import { applyKvPairs } from '../formats/kv-fields';
import { scanPairs } from '../formats/kv-scanner';

const NETWORK_KEYS = /(?:^|\s)(?:src|srcip|src_ip|dst|dstip|dst_ip|SRC|DST)=/;

/**
 * Firewall payloads behind a syslog header (iptables `kernel: … SRC=… DST=…`, FortiGate
 * `<189>date=… srcip=…`): their network fields are what detection needs, so read them.
 */
export function enrichKvPayload(draft: EventDraft, message: string, context: ParserContext): void {
  if (message.length > 16_384 || !message.includes('=') || !NETWORK_KEYS.test(message)) return;
  const pairs = scanPairs(message);
  if (pairs.length >= 3) applyKvPairs(draft, pairs, context);
}
