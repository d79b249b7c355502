/** IPv4 and IPv6 addresses as byte arrays, and CIDR ranges over them (the `cidr` modifier). */
export interface IpNetwork {
  bytes: number[];
  prefix: number;
}

export function parseIp(text: string): number[] | null {
  const value = text.trim();
  if (value.includes(':')) return parseIpv6(value);
  return parseIpv4(value);
}

function parseIpv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

function parseIpv6(text: string): number[] | null {
  const withoutZone = text.split('%')[0];
  const halves = withoutZone.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (!v4) return null;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<number>(Math.max(missing, 0)).fill(0), ...tail];
  return all.flatMap((group) => [group >> 8, group & 0xff]);
}

export function parseCidr(text: string): IpNetwork | null {
  const parts = text.trim().split('/');
  if (parts.length > 2) return null;
  const [address, prefixText] = parts;
  const bytes = parseIp(address);
  if (!bytes) return null;
  const max = bytes.length * 8;
  const prefix = parts.length === 1 ? max : /^\d+$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  return { bytes, prefix };
}

export function inNetwork(network: IpNetwork, address: number[]): boolean {
  if (address.length !== network.bytes.length) return false;
  let bits = network.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((address[i] & mask) !== (network.bytes[i] & mask)) return false;
  }
  return true;
}
