// proxy-addr ships no types; this covers the part the gateway uses.
declare module 'proxy-addr' {
  import type { IncomingMessage } from 'node:http';

  type TrustFunction = (address: string, hop: number) => boolean;
  type Trust = TrustFunction | string | string[];

  /** The closest untrusted address: the socket peer, or X-Forwarded-For read right to left through trusted hops. */
  function proxyaddr(req: IncomingMessage, trust: Trust): string;
  namespace proxyaddr {
    /** Every address from the socket peer outwards, stopping at the first untrusted one. */
    function all(req: IncomingMessage, trust?: Trust): string[];
    /** Compiles addresses, CIDRs and the names loopback/linklocal/uniquelocal; throws on invalid input. */
    function compile(value: string | string[]): TrustFunction;
  }
  export = proxyaddr;
}
