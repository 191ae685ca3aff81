import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** Default `TRUSTED_PROXIES`: only a proxy on the same host may speak for the client. */
export const DEFAULT_TRUSTED_PROXIES = 'loopback';

export type ClientAddressOf = (req: IncomingMessage) => string;

/**
 * The client address rate limits and connection limits count by. `X-Forwarded-For` is read only
 * when the direct peer is a trusted proxy, and then right to left: the first entry that is not a
 * trusted proxy is the client (an attacker can prepend anything, but cannot forge what our own
 * proxies appended). `trusted` is `TRUSTED_PROXIES`: comma-separated addresses or CIDRs, or
 * proxy-addr's names `loopback`, `linklocal`, `uniquelocal`. Throws on an invalid entry, so a
 * typo stops the gateway at start instead of silently trusting nobody (or everybody).
 */
export function clientAddressResolver(trusted: string = DEFAULT_TRUSTED_PROXIES): ClientAddressOf {
  const list = trusted
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const trust = proxyaddr.compile(list);
  return (req) => normalize(proxyaddr(req, trust));
}

/** `::ffff:203.0.113.7` and `203.0.113.7` are one client. */
function normalize(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
}
