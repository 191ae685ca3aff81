// The gateway's sharing of identical concurrent queries, end to end over its own HTTP shell: one
// subgraph execution for N identical requests with the same token, N identical bodies with their
// own request ids, every request counted; different tokens and mutations never share.
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { generateKeyPairPem, privateKeyFromPem, publicKeyFromPem, signAccessToken } from '../lib/auth';
import { MemoryBus } from '../lib/events/memory';
import { createLogger } from '../lib/logger';
import { startHttpService, type RunningService } from '../lib/server/http';
import { ResponseSharing } from '../lib/server/response-sharing';
import { DEFAULT_OPERATION_LIMITS } from './protection/limits';
import { waitFor } from '../test/support/servers';
import { startGateway, type RunningGateway } from './server';

const silent = createLogger('gateway-sharing-test', 'silent');

const typeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@shareable"])
  type Query {
    value: String
    whoami: String
  }
  type Mutation {
    bump: Int
  }
`);

interface SubgraphCtx {
  authorization: string | null;
}

/** One subgraph whose resolvers count their calls and wait for the test to let them answer. */
async function startSubgraph() {
  const calls = { value: 0, whoami: 0, bumping: 0, bumped: 0 };
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const apollo = new ApolloServer<SubgraphCtx>({
    schema: buildSubgraphSchema({
      typeDefs,
      resolvers: {
        Query: {
          value: async () => (calls.value++, await gate, 'v'),
          whoami: async (_: unknown, __: unknown, ctx: unknown) => (
            calls.whoami++,
            await gate,
            (ctx as SubgraphCtx).authorization
          ),
        },
        Mutation: { bump: async () => (calls.bumping++, await gate, ++calls.bumped) },
      },
    }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  const service: RunningService = await startHttpService<SubgraphCtx>({
    name: 'sub',
    port: 0,
    host: '127.0.0.1',
    log: silent,
    apollo,
    context: async (req) => ({ authorization: req.headers.authorization ?? null }),
    ready: async () => ({ status: 'ok', checks: {} }),
  });
  return { service, calls, open: () => open() };
}

const until = (condition: () => boolean) => waitFor(() => condition() || undefined);

const counter = async (gateway: RunningGateway, name: 'inflightShared') =>
  (await gateway.metrics[name].get()).values.reduce((sum, v) => sum + v.value, 0);

async function requestsCounted(gateway: RunningGateway, operation: string) {
  const { values } = await gateway.metrics.httpRequests.get();
  return values.filter((v) => v.labels.operation === operation).reduce((sum, v) => sum + v.value, 0);
}

describe('gateway: identical concurrent queries', () => {
  let sub: Awaited<ReturnType<typeof startSubgraph>>;
  let gateway: RunningGateway;
  const keys = generateKeyPairPem();
  const tokenFor = async (id: string) =>
    (await signAccessToken(privateKeyFromPem(keys.privateKey), { id, role: 'USER' })).token;

  beforeEach(async () => {
    sub = await startSubgraph();
    const composed = composeServices([{ name: 'sub', url: sub.service.url, typeDefs }]);
    if (composed.errors?.length) throw new Error(composed.errors.map((e) => e.message).join('\n'));
    gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      supergraphSdl: composed.supergraphSdl!,
      jwtPublicKey: publicKeyFromPem(keys.publicKey),
      bus: new MemoryBus(),
      log: silent,
      introspection: false,
      operationLimits: DEFAULT_OPERATION_LIMITS,
    });
  });
  afterEach(async () => {
    sub.open();
    await gateway.close();
    await sub.service.close();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  /**
   * Requests that joined the HTTP shell's sharing (as first or follower), and those that reached
   * Apollo Server: a follower answered with a shared response never does.
   */
  function spies() {
    const follows = jest.spyOn(ResponseSharing.prototype, 'follow');
    const leads = jest.spyOn(ResponseSharing.prototype, 'lead');
    const executions = jest.spyOn(gateway.apollo, 'executeHTTPGraphQLRequest');
    const returned = (results: jest.MockResult<unknown>[], is: (value: unknown) => boolean) =>
      results.filter((r) => r.type === 'return' && is(r.value)).length;
    return {
      joined: () =>
        returned(follows.mock.results, (v) => !!v && typeof v === 'object' && 'wait' in v) +
        returned(leads.mock.results, (v) => v !== null),
      executed: () => executions.mock.calls.length,
    };
  }
  afterEach(() => jest.restoreAllMocks());

  it('executes once with one token and answers every request with the same body and its own request id', async () => {
    const n = 8;
    const token = await tokenFor('user-a');
    const sharedBefore = await counter(gateway, 'inflightShared');
    const seen = spies();
    const responses = Array.from({ length: n }, (_, i) =>
      post(
        { query: 'query Value { value whoami }', operationName: 'Value' },
        // Each from another client address: the gateway leaves it out of the key (queries never use it).
        { authorization: `Bearer ${token}`, 'x-request-id': `r-${i}`, 'x-forwarded-for': `192.0.2.${i}` },
      ),
    );
    await until(() => seen.joined() === n && sub.calls.value === 1);
    sub.open();
    const answered = await Promise.all(responses);
    const texts = await Promise.all(answered.map((r) => r.text()));
    expect(sub.calls.value).toBe(1);
    expect(sub.calls.whoami).toBe(1);
    expect(seen.executed()).toBe(1);
    expect(new Set(texts).size).toBe(1);
    expect(JSON.parse(texts[0]!)).toEqual({ data: { value: 'v', whoami: `Bearer ${token}` } });
    answered.forEach((r, i) => {
      expect(r.status).toBe(200);
      expect(r.headers.get('x-request-id')).toBe(`r-${i}`);
    });
    expect((await counter(gateway, 'inflightShared')) - sharedBefore).toBe(n - 1);
    // Shared or not, every request counts in the request metrics under its operation.
    expect(await requestsCounted(gateway, 'Value')).toBe(n);
  });

  it('never shares between different tokens', async () => {
    const [alice, bob] = await Promise.all([tokenFor('alice'), tokenFor('bob')]);
    const tokens = [alice, alice, bob, bob];
    const seen = spies();
    const responses = tokens.map((t) => post({ query: '{ whoami }' }, { authorization: `Bearer ${t}` }));
    await until(() => seen.joined() === tokens.length && sub.calls.whoami === 2);
    sub.open();
    const bodies = await Promise.all(responses.map((r) => r.then((x) => x.json())));
    expect(sub.calls.whoami).toBe(2);
    expect(seen.executed()).toBe(2);
    expect(bodies).toEqual(tokens.map((t) => ({ data: { whoami: `Bearer ${t}` } })));
  });

  it('never shares a mutation: each one goes through Apollo Server on its own', async () => {
    const n = 3;
    const sharedBefore = await counter(gateway, 'inflightShared');
    const seen = spies();
    const responses = Array.from({ length: n }, () =>
      post({ query: 'mutation Bump { bump }', operationName: 'Bump' }),
    );
    // The subgraph sees every one too: the subgraph fetcher shares only queries' fetches.
    await until(() => seen.executed() === n && sub.calls.bumping === n);
    sub.open();
    const answered = await Promise.all(responses);
    expect(seen.joined()).toBe(0);
    for (const r of answered) expect(r.status).toBe(200);
    expect((await counter(gateway, 'inflightShared')) - sharedBefore).toBe(0);
    expect(await requestsCounted(gateway, 'Bump')).toBe(n);
  });
});
