import { createClient, type Client, type ClientOptions, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: {
    message: string;
    path?: (string | number)[];
    extensions?: { code?: string; [k: string]: unknown };
  }[];
}

/** POSTs one GraphQL operation, as a browser or app would. */
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: GraphQLResponse['errors'] };
  return { status: res.status, headers: res.headers, ...body };
}

/** Like `gql`, but fails the test on any GraphQL error and returns the data. */
export async function gqlData<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  const res = await gql<T>(url, query, variables, { token });
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

/** A graphql-ws client of the gateway at `httpUrl`; `options` replace the defaults (ws, no retries, lazy). */
export function wsClient(
  httpUrl: string,
  connectionParams: Record<string, unknown> = {},
  options: Partial<ClientOptions> = {},
): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
    ...options,
  });
}

/** Collects the results of one subscription until disposed. */
export function collect<T = Record<string, unknown>>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
) {
  const results: FormattedExecutionResult<T, unknown>[] = [];
  const errors: unknown[] = [];
  let completed = false;
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => results.push(value),
      error: (err) => errors.push(err),
      complete: () => {
        completed = true;
      },
    },
  );
  return { results, errors, dispose, isComplete: () => completed };
}

let counter = 0;
/** A unique e-mail per test run, so tests never depend on each other's data. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${Date.now()}-${process.pid}-${++counter}@example.com`;
}
