import { auditServer } from 'graphql-http';
import { MemoryBus } from '../../lib/events';
import type { RunningGateway } from '../../gateway/server';
import { startStack, type Stack } from './gateway-harness';

// The GraphQL-over-HTTP audit suite of graphql-http against the gateway in development mode.
// Every MUST passes. What does not pass, and why (kept exact below, so a change shows up):
//
// SHOULD (warn): "use 200 status code on document parsing failure / document validation
//   failure / variable coercion failure when accepting application/json". Apollo Server answers
//   these request errors with 400 whatever the Accept header says; the spec's 200 is only for
//   the legacy application/json media type, and 400 is what application/graphql-response+json
//   requires, so clients of either kind learn the request was bad.
// MAY (notice): "accept application/x-www-form-urlencoded formatted GET requests" and "allow
//   URL-encoded JSON string {variables} parameter in GETs" (both media types). The audit's GETs
//   are "simple" requests without a preflight header, which CSRF prevention refuses on purpose
//   (a GET with `apollo-require-preflight` or a JSON content type works).
jest.setTimeout(120_000);

const EXPECTED_NOT_OK = [
  'MAY accept application/x-www-form-urlencoded formatted GET requests',
  'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json',
  'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json',
  'SHOULD use 200 status code on document parsing failure when accepting application/json',
  'SHOULD use 200 status code on document validation failure when accepting application/json',
  'SHOULD use a status code of 200 on variable coercion failure when accepting application/json',
].sort();

let stack: Stack;
let gateway: RunningGateway;

beforeAll(async () => {
  stack = await startStack();
  gateway = await stack.gateway({ bus: new MemoryBus(), introspection: true });
});

afterAll(async () => {
  await stack?.close();
});

it('passes every MUST audit of graphql-http; the SHOULD and MAY misses are the known ones', async () => {
  const results = await auditServer({ url: gateway.url });
  expect(results.length).toBeGreaterThan(50);
  const failedMust = results
    .filter((r) => r.name.startsWith('MUST') && r.status !== 'ok')
    .map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);
  expect(failedMust).toEqual([]);
  expect(results.filter((r) => r.status === 'error')).toEqual([]);
  const notOk = results
    .filter((r) => r.status !== 'ok')
    .map((r) => r.name)
    .sort();
  expect(notOk).toEqual(EXPECTED_NOT_OK);
});
