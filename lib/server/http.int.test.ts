// The HTTP shell with response sharing on a real socket: identical concurrent queries get one
// execution and byte-identical bodies, each with its own request id; credentials, mutations and
// answers with errors are never shared.
import { ApolloServer } from '@apollo/server';
import { waitFor } from '../../test/support/servers';
import { createLogger } from '../logger';
import { startHttpService, type RunningService } from './http';
import { ResponseSharing } from './response-sharing';

interface Ctx {
  authorization: string | null;
}

const typeDefs = /* GraphQL */ `
  type Query {
    value(n: Int): String
    whoami: String
    fails: String
  }
  type Mutation {
    bump: Int
  }
`;

async function setup() {
  const calls = { value: 0, whoami: 0, fails: 0, bump: 0, bumping: 0 };
  const waiting = { followers: 0, answered: 0 };
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const apollo = new ApolloServer<Ctx>({
    typeDefs,
    resolvers: {
      Query: {
        value: async (_: unknown, { n }: { n?: number }) => (calls.value++, await gate, `v${n ?? 0}`),
        whoami: async (_: unknown, __: unknown, ctx: Ctx) => (calls.whoami++, await gate, ctx.authorization),
        fails: async () => {
          calls.fails++;
          await gate;
          throw new Error('boom');
        },
      },
      Mutation: { bump: async () => (calls.bumping++, await gate, ++calls.bump) },
    },
  });
  await apollo.start();
  const sharing = new ResponseSharing({
    follower: () => {
      waiting.followers++;
      return () => waiting.answered++;
    },
  });
  const service = await startHttpService<Ctx>({
    name: 'sharing-test',
    port: 0,
    host: '127.0.0.1',
    log: createLogger('sharing-test', 'silent'),
    apollo,
    context: async (req) => ({ authorization: req.headers.authorization ?? null }),
    ready: async () => ({ status: 'ok', checks: {} }),
    sharing,
  });
  return { service, calls, waiting, open, sharing, apollo };
}

function post(service: RunningService, body: unknown, headers: Record<string, string> = {}) {
  return fetch(service.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const until = (condition: () => boolean) => waitFor(() => condition() || undefined);

describe('HTTP shell: shared responses', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });
  afterEach(async () => {
    t.open();
    await t.service.close();
  });

  it('executes N identical concurrent queries once and sends N identical bodies, each with its own request id', async () => {
    const n = 10;
    const responses = Array.from({ length: n }, (_, i) =>
      post(t.service, { query: '{ value(n: 1) }' }, { 'x-request-id': `req-${i}` }),
    );
    await until(() => t.waiting.followers === n - 1);
    t.open();
    const answered = await Promise.all(responses);
    const bodies = await Promise.all(answered.map((r) => r.arrayBuffer()));
    expect(t.calls.value).toBe(1);
    expect(t.waiting.answered).toBe(n - 1);
    answered.forEach((r, i) => {
      expect(r.status).toBe(200);
      expect(r.headers.get('x-request-id')).toBe(`req-${i}`);
      expect(r.headers.get('content-type')).toMatch(/application\/json/);
      expect(r.headers.get('content-length')).toBe(String(bodies[i]!.byteLength));
      expect(r.headers.get('transfer-encoding')).toBeNull();
    });
    const texts = bodies.map((b) => Buffer.from(b).toString('utf8'));
    expect(new Set(texts).size).toBe(1);
    expect(JSON.parse(texts[0]!)).toEqual({ data: { value: 'v1' } });
    expect(t.sharing.size).toBe(0);
  });

  it('gives followers without a request id fresh, different ones', async () => {
    const responses = Array.from({ length: 4 }, () => post(t.service, { query: '{ value }' }));
    await until(() => t.waiting.followers === 3);
    t.open();
    const ids = (await Promise.all(responses)).map((r) => r.headers.get('x-request-id'));
    expect(t.calls.value).toBe(1);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(4);
  });

  it('never shares across different authorization headers', async () => {
    const alice = [1, 2, 3].map(() =>
      post(t.service, { query: '{ whoami }' }, { authorization: 'Bearer alice' }),
    );
    const bob = [1, 2, 3].map(() =>
      post(t.service, { query: '{ whoami }' }, { authorization: 'Bearer bob' }),
    );
    await until(() => t.waiting.followers === 4);
    t.open();
    const a = await Promise.all(alice.map((r) => r.then((x) => x.json())));
    const b = await Promise.all(bob.map((r) => r.then((x) => x.json())));
    expect(t.calls.whoami).toBe(2);
    for (const body of a) expect(body).toEqual({ data: { whoami: 'Bearer alice' } });
    for (const body of b) expect(body).toEqual({ data: { whoami: 'Bearer bob' } });
  });

  it('never shares a mutation: each one executes', async () => {
    const n = 5;
    const responses = Array.from({ length: n }, () => post(t.service, { query: 'mutation { bump }' }));
    // Every one executes at once: the shell makes none of them wait for another.
    await until(() => t.calls.bumping === n);
    t.open();
    const bodies = await Promise.all(
      responses.map((r) => r.then((x) => x.json() as Promise<{ data: { bump: number } }>)),
    );
    expect(t.calls.bump).toBe(n);
    expect(t.waiting.followers).toBe(0);
    expect(bodies.map((b) => b.data.bump).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('does not share an answer with errors: those waiting run by themselves', async () => {
    const n = 4;
    const responses = Array.from({ length: n }, () => post(t.service, { query: '{ fails }' }));
    await until(() => t.waiting.followers === n - 1);
    t.open();
    const bodies = await Promise.all(
      responses.map((r) => r.then((x) => x.json() as Promise<{ errors?: unknown[] }>)),
    );
    expect(t.calls.fails).toBe(n);
    expect(t.waiting.answered).toBe(0);
    for (const body of bodies) expect(body.errors).toHaveLength(1);
  });

  it('lets those waiting run by themselves when the first fails before answering', async () => {
    const n = 3;
    jest.spyOn(t.apollo, 'executeHTTPGraphQLRequest').mockImplementationOnce(async () => {
      await until(() => t.waiting.followers === n - 1);
      throw new Error('broken');
    });
    const responses = Array.from({ length: n }, () => post(t.service, { query: '{ value }' }));
    await until(() => t.calls.value === n - 1);
    t.open();
    const statuses = (await Promise.all(responses)).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 500]);
    expect(t.waiting.answered).toBe(0);
    expect(t.sharing.size).toBe(0);
  });

  it('keeps apart different variables', async () => {
    const q = 'query V($n: Int) { value(n: $n) }';
    const responses = [1, 1, 2, 2].map((n) => post(t.service, { query: q, variables: { n } }));
    await until(() => t.waiting.followers === 2);
    t.open();
    const bodies = await Promise.all(responses.map((r) => r.then((x) => x.json())));
    expect(t.calls.value).toBe(2);
    expect(bodies).toEqual([1, 1, 2, 2].map((n) => ({ data: { value: `v${n}` } })));
  });
});
