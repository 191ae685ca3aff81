import fc from 'fast-check';
import {
  buildClientSchema,
  getIntrospectionQuery,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { createPortfolio, gqlData, leaks, RECORD_TRANSACTION, signUp } from '../faults/support/clients';
import { recordFigures } from '../faults/support/report';
import { fuzzRequest, type FuzzContext } from './fuzz-requests';
import { startTarget, undeclared5xx, type Target } from './platform';

// A bounded property-based fuzz of GraphQL requests against the gateway (RELIABILITY.md, Fuzz):
// fast-check draws seeds, each seed builds one request from the API schema (hostile values,
// broken documents, malformed bodies, good and bad tokens). Property: the answer is JSON with no
// 5xx other than a declared upstream error (503 UPSTREAM_UNAVAILABLE), no INTERNAL_SERVER_ERROR
// and nothing that looks like a stack trace, SQL or a source path; afterwards every service
// still answers. FUZZ_SECONDS sets the budget (default 60; CI uses the default).
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 60);
jest.setTimeout((SECONDS + 90) * 1000);

let target: Target;
let schema: GraphQLSchema;
let ctx: FuzzContext;

beforeAll(async () => {
  target = await startTarget();
  const introspection = await gqlData<IntrospectionQuery>(target.url, getIntrospectionQuery());
  schema = buildClientSchema(introspection);
  const user = await signUp(target.url, 'fuzz');
  const other = await signUp(target.url, 'fuzz-other');
  const portfolioId = await createPortfolio(target.url, user, 'Fuzzed');
  const otherPortfolio = await createPortfolio(target.url, other, 'Not yours');
  const tx = await gqlData<{ recordTransaction: { id: string } }>(
    target.url,
    RECORD_TRANSACTION,
    { i: { portfolioId, type: 'BUY', coinId: 'bitcoin', quantity: '1', price: '100' } },
    { token: user.token },
  );
  const alert = await gqlData<{ createPriceAlert: { id: string } }>(
    target.url,
    'mutation { createPriceAlert(input: { coinId: "bitcoin", direction: BELOW, threshold: "1" }) { id } }',
    {},
    { token: user.token },
  );
  ctx = {
    ids: [
      'bitcoin',
      'ethereum',
      portfolioId,
      otherPortfolio,
      tx.recordTransaction.id,
      alert.createPriceAlert.id,
      user.userId,
    ],
    tokens: { valid: user.token, other: other.token },
  };
});

afterAll(async () => {
  await target?.close();
});

/** One line per kind of problem: status, what is wrong, and the message up to its first colon. */
function signature(status: number, problems: string[], text: string): string {
  const message = /"message":"((?:[^"\\]|\\.){0,200})/.exec(text)?.[1] ?? text;
  return `${status} ${problems.join('+')} ${message.split(/[:.]/)[0]!.slice(0, 60)}`;
}

it(`answers ${SECONDS} s of random requests without a 5xx, an internal error or a leak`, async () => {
  const statuses = new Map<number, number>();
  const codes = new Map<string, number>();
  // Every distinct problem with one request that shows it: the run goes on after a finding, so
  // one run reports all of them rather than the first.
  const problems = new Map<string, string>();
  let requests = 0;
  const begin = Date.now();
  await fc.check(
    fc.asyncProperty(fc.integer(), async (seed) => {
      const request = fuzzRequest(schema, seed, ctx);
      let status = 0;
      let text = '';
      try {
        const res = await fetch(target.url, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.timeout(20_000),
        });
        status = res.status;
        text = await res.text();
      } catch (err) {
        problems.set(`transport ${(err as Error).message}`, request.describe());
        return;
      }
      requests++;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      let errors: { extensions?: { code?: string } }[] = [];
      try {
        errors = (JSON.parse(text) as { errors?: typeof errors }).errors ?? [];
      } catch {
        problems.set(`${status} not JSON`, `${text.slice(0, 200)}\n    ${request.describe()}`);
        return;
      }
      const found = errors.map((e) => e.extensions?.code);
      for (const c of found) codes.set(String(c), (codes.get(String(c)) ?? 0) + 1);
      const wrong = [
        ...(undeclared5xx(status, found) ? [`HTTP ${status}`] : []),
        ...(found.includes('INTERNAL_SERVER_ERROR') ? ['INTERNAL_SERVER_ERROR'] : []),
        ...leaks(text).map((p) => `leak ${p}`),
      ];
      const key = signature(status, wrong, text);
      if (wrong.length && !problems.has(key))
        problems.set(key, `${text.slice(0, 300)}\n    ${request.describe()}`);
    }),
    { numRuns: 1_000_000, interruptAfterTimeLimit: SECONDS * 1000, markInterruptAsFailure: false },
  );
  recordFigures('fuzz', {
    seconds: Math.round((Date.now() - begin) / 1000),
    requests,
    statuses: Object.fromEntries(statuses),
    codes: Object.fromEntries([...codes].sort((a, b) => b[1] - a[1])),
    problems: [...problems.keys()],
  });
  expect(Object.fromEntries(problems)).toEqual({});
  expect(requests).toBeGreaterThan(SECONDS * 10);
  // Nothing crashed: every service still answers.
  for (const service of [target.platform.gateway, ...Object.values(target.platform.subgraphs)]) {
    const res = await fetch(new URL('/health', service.url));
    expect(res.status).toBe(200);
  }
});
