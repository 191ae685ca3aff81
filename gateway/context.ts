import type { BaseContext } from '@apollo/server';
import type { AuthUser } from '../lib/auth';

export interface GatewayContext extends BaseContext {
  requestId: string;
  user: AuthUser | null;
  /** The verified `Authorization` header, forwarded to subgraphs. */
  authorization: string | null;
  traceparent?: string;
}
