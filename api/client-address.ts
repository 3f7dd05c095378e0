import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * Whom the per-address limits count a request against: the connection's address, an IPv6 client by its /64
 * (one subscriber's network, whose addresses it may change at will), an IPv4-mapped one as IPv4. Behind a
 * proxy, every client is counted as the proxy.
 */
export function clientAddress(c: Context): string {
  const address = connectionAddress(c)?.split('%')[0];
  if (!address) return 'unknown';
  const mapped = IPV4_MAPPED.exec(address)?.[1];
  if (mapped) return mapped;
  return address.includes(':') ? `${ipv6Groups(address).slice(0, 4).join(':')}::/64` : address;
}

function connectionAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // not served by Node (an in-process request, as in tests)
  }
}

/** The eight groups of an IPv6 address, `::` expanded, leading zeros dropped. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return groups.map((g) => g.replace(/^0+(?=.)/, ''));
}
