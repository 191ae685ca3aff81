import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request facts every log line carries (DESIGN.md, Style: logs). */
export interface RequestContext {
  requestId: string;
  userId?: string;
  traceparent?: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentRequest(): RequestContext | undefined {
  return requestContext.getStore();
}
