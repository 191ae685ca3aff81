import type { BaseContext } from '@apollo/server';
import type { AuthUser } from '../lib/auth';

export interface GatewayContext extends BaseContext {
  requestId: string;
  user: AuthUser | null;
  /** The verified `Authorization` header, forwarded to subgraphs. */
  authorization: string | null;
  traceparent?: string;
  /** Who rate limits count against (see client-address.ts); `internal` for the gateway's own queries. */
  clientAddress: string;
}
