// Clients for the reliability and security tests. Each simulated client gets its own address in
// `X-Forwarded-For` (the gateway trusts loopback proxies by default), so per-client limits -
// 5 authentications a minute, 50 WebSocket connections - apply per simulated client, as they
// would to real ones, instead of to the test process as a whole.
import { randomInt } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [k: string]: unknown };
}

export interface Response<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  /** The raw body, for checks that nothing internal leaks. */
  text: string;
  data?: T | null;
  errors?: GraphQLError[];
  ms: number;
}

// A random start, not the pid: jest gives every test file a fresh copy of this module in the
// same worker, and rate-limit counters in Redis outlive a file.
let counter = randomInt(0, 1 << 24);
/** A fresh client address (10/8, private: never routed anywhere). */
export function uniqueAddress(): string {
  const n = ++counter & 0xffffff;
  return `10.${n >> 16}.${(n >> 8) & 255}.${n & 255}`;
}

/** POSTs one GraphQL operation; never throws on a non-JSON body. */
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; address?: string; timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<Response<T>> {
  const begin = Date.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.address ? { 'x-forwarded-for': options.address } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const text = await res.text();
  let body: { data?: T; errors?: GraphQLError[] } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not JSON: the caller inspects `text`
  }
  return { status: res.status, headers: res.headers, text, ...body, ms: Date.now() - begin };
}

/** Like `gql`, but throws on any error and returns the data. */
export async function gqlData<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; address?: string } = {},
): Promise<T> {
  const res = await gql<T>(url, query, variables, options);
  if (res.errors?.length || !res.data)
    throw new Error(`GraphQL errors (${res.status}): ${res.text.slice(0, 500)}`);
  return res.data;
}

let emails = 0;
export const uniqueEmail = (prefix = 'rel') =>
  `${prefix}-${Date.now()}-${process.pid}-${++emails}@example.com`;

export interface Account {
  email: string;
  password: string;
  userId: string;
  token: string;
  refreshToken: string;
  address: string;
}

/** Registers a user (from a fresh client address) and returns its tokens. */
export async function signUp(url: string, prefix = 'rel'): Promise<Account> {
  const email = uniqueEmail(prefix);
  const password = 'correct horse battery staple';
  const address = uniqueAddress();
  const data = await gqlData<{
    register: { accessToken: string; refreshToken: string; user: { id: string } };
  }>(
    url,
    'mutation($i: RegisterInput!) { register(input: $i) { accessToken refreshToken user { id } } }',
    { i: { email, password } },
    { address },
  );
  return {
    email,
    password,
    address,
    userId: data.register.user.id,
    token: data.register.accessToken,
    refreshToken: data.register.refreshToken,
  };
}

export async function createPortfolio(url: string, account: Account, name = 'Main'): Promise<string> {
  const data = await gqlData<{ createPortfolio: { id: string } }>(
    url,
    'mutation($i: CreatePortfolioInput!) { createPortfolio(input: $i) { id } }',
    { i: { name } },
    { token: account.token },
  );
  return data.createPortfolio.id;
}

export const RECORD_TRANSACTION =
  'mutation($i: RecordTransactionInput!) { recordTransaction(input: $i) { id quantity } }';

export interface WsHandle {
  client: Client;
  /** Close events seen by this client, in order. */
  closes: { code: number; reason: string }[];
  connected(): boolean;
}

/**
 * A graphql-ws client that speaks from `address` and records how its socket closes. It does not
 * retry: a dropped connection stays dropped, so tests see every drop.
 */
export function wsClient(
  httpUrl: string,
  options: { address?: string; connectionParams?: Record<string, unknown> } = {},
): WsHandle {
  const headers = options.address ? { 'x-forwarded-for': options.address } : {};
  class AddressedWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const closes: { code: number; reason: string }[] = [];
  let open = false;
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: AddressedWebSocket,
    connectionParams: options.connectionParams,
    retryAttempts: 0,
    lazy: false,
    keepAlive: 0,
    on: {
      connected: () => {
        open = true;
      },
      closed: (event) => {
        open = false;
        const e = event as { code?: number; reason?: string };
        closes.push({ code: e.code ?? 0, reason: String(e.reason ?? '') });
      },
    },
    onNonLazyError: () => undefined,
  });
  return { client, closes, connected: () => open };
}

/** Collects one subscription's results until disposed. */
export function subscribe<T = Record<string, unknown>>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
) {
  const results: { data?: T | null; errors?: readonly GraphQLError[]; at: number }[] = [];
  const errors: unknown[] = [];
  let completed = false;
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => results.push({ ...(value as { data?: T; errors?: GraphQLError[] }), at: Date.now() }),
      error: (err) => errors.push(err),
      complete: () => {
        completed = true;
      },
    },
  );
  return { results, errors, dispose, isComplete: () => completed };
}

/** Polls `check` until it returns something other than undefined; fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  what: string,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Strings that must never reach a client: stack frames, source paths, SQL and driver names. */
export const LEAK_PATTERNS: RegExp[] = [
  /\bat [\w.<>]+ \(/, // a stack frame
  /\.(ts|js):\d+/, // a source location
  /node_modules/,
  /stacktrace/i,
  /prisma/i,
  /\bSELECT\b.+\bFROM\b/i,
  /\bINSERT INTO\b/i,
  /ECONNREFUSED|ECONNRESET/,
  /-----BEGIN/,
];

export function leaks(text: string): string[] {
  return LEAK_PATTERNS.filter((p) => p.test(text)).map(String);
}
