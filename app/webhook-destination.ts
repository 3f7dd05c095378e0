import dns from 'node:dns';
import net from 'node:net';

/**
 * Where a webhook may be posted. Signed notifications must not reach this host, its cloud metadata service or
 * anything else on a private network: loopback, link-local, private and other non-public ranges are refused
 * unless development explicitly allows them (CSTR_WEBHOOKS_ALLOW_PRIVATE).
 */
const FORBIDDEN: ReadonlyArray<[range: string, prefix: number, family: 'ipv4' | 'ipv6', what: string]> = [
  ['0.0.0.0', 8, 'ipv4', 'an unspecified address'],
  ['10.0.0.0', 8, 'ipv4', 'a private address'],
  ['100.64.0.0', 10, 'ipv4', 'a shared (CGNAT) address'],
  ['127.0.0.0', 8, 'ipv4', 'a loopback address'],
  ['169.254.0.0', 16, 'ipv4', 'a link-local address'],
  ['172.16.0.0', 12, 'ipv4', 'a private address'],
  ['192.0.0.0', 24, 'ipv4', 'a reserved address'],
  ['192.168.0.0', 16, 'ipv4', 'a private address'],
  ['198.18.0.0', 15, 'ipv4', 'a reserved address'],
  ['224.0.0.0', 4, 'ipv4', 'a multicast address'],
  ['240.0.0.0', 4, 'ipv4', 'a reserved address'],
  // Unspecified (::), loopback (::1) and the deprecated IPv4-compatible form (::a.b.c.d).
  ['::', 96, 'ipv6', 'a loopback or unspecified address'],
  ['fc00::', 7, 'ipv6', 'a private (unique local) address'],
  ['fe80::', 10, 'ipv6', 'a link-local address'],
  ['fec0::', 10, 'ipv6', 'a private (site-local) address'],
  ['ff00::', 8, 'ipv6', 'a multicast address'],
];

const ranges = FORBIDDEN.map(([range, prefix, family, what]) => {
  const list = new net.BlockList();
  list.addSubnet(range, prefix, family);
  return { list, what };
});

/** Why an IP address may not receive webhooks, or null when it may. IPv4-mapped IPv6 counts as its IPv4. */
export function forbiddenAddress(address: string): string | null {
  const family = net.isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return ranges.find((r) => r.list.check(address, type))?.what ?? null;
}

export class RefusedDestination extends Error {
  override name = 'RefusedDestination';
}

export interface DestinationPolicy {
  /** Development only: plain http, and loopback or private addresses. */
  allowPrivate: boolean;
}

/**
 * Why a webhook URL is refused before any connection, or null: it must be https (http only when private
 * destinations are allowed), carry no credentials, and name no forbidden address literally. A host name is
 * checked again on every connection, against what it resolves to then.
 */
export function refusedUrl(url: string, policy: DestinationPolicy): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  const schemes = policy.allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(parsed.protocol)) {
    return policy.allowPrivate
      ? 'not http or https'
      : 'not https (http only with CSTR_WEBHOOKS_ALLOW_PRIVATE=1)';
  }
  if (parsed.username || parsed.password) return 'credentials in the URL';
  if (policy.allowPrivate) return null;
  const host = hostOf(parsed);
  return net.isIP(host) ? forbiddenAddress(host) : null;
}

/** As refusedUrl, and `localhost` names too, which need no resolution to refuse: for loading subscribers. */
export function refusedSubscriberUrl(url: string, policy: DestinationPolicy): string | null {
  const refused = refusedUrl(url, policy);
  if (refused || policy.allowPrivate) return refused;
  const host = hostOf(new URL(url));
  return host === 'localhost' || host.endsWith('.localhost') ? 'a loopback address' : null;
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http.request that resolves every address of the host and refuses the connection if any is
 * forbidden (a name that answers a public address once and a private one next is DNS rebinding); the socket
 * then connects to an address that was checked, not to a second resolution.
 */
export function checkedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.map((a) => forbiddenAddress(a.address)).find((why) => why !== null);
    if (refused) return callback(new RefusedDestination(`refused destination: ${refused}`), []);
    const usable = options.family ? addresses.filter((a) => a.family === options.family) : addresses;
    const first = usable[0];
    if (!first) return callback(Object.assign(new Error('no usable address'), { code: 'ENOTFOUND' }), []);
    if (options.all) return callback(null, usable);
    callback(null, first.address, first.family);
  });
}
