import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { getIntrospectionQuery, parse, validate, type GraphQLSchema } from 'graphql';
import { DEFAULT_SUPERGRAPH_PATH } from '../subgraphs';
import { readFileSync } from 'node:fs';
import {
  DEFAULT_OPERATION_LIMITS,
  LimitsFileError,
  loadOperationLimits,
  parseOperationLimits,
  type OperationLimits,
} from './limits';
import { operationProtection } from './operation-limits';

// The operations the limits file was fitted to (see its header). Each must stay allowed.
const LEGITIMATE: Record<string, string> = {
  skeleton: `{ me { portfolios { id totalCostBasis holdings { quantity costBasis marketValue coin { name quote { price } sentiment { score } analytics { sma(period: 3) { v } } } } } } }`,
  dashboard: `query($id: ID!) { coin(id: $id) { id symbol name rank quote { price change24hPct volume24h marketCap updatedAt stale }
    candles(interval: HOUR_1, limit: 500) { openTime open high low close volume }
    analytics(interval: DAY_1, days: 365) { sma(period: 20) { t v } ema(period: 20) { t v } rsi { t v } macd { t macd signal histogram } bollinger { t upper middle lower } volatility maxDrawdown sharpeRatio }
    sentiment { score label documents window updatedAt } }
    marketOverview { totalMarketCap bitcoinDominancePct topGainers { id name quote { price change24hPct } } topLosers { id name quote { price change24hPct } } updatedAt }
    marketSentiment { index label newsSentiment momentum volatility updatedAt } }`,
  portfolio: `query($id: ID!) { portfolio(id: $id) { id name owner { id email } holdings { coin { id symbol name quote { price } } quantity costBasis marketValue unrealizedPnl allocationPct }
    transactions(first: 50) { id type coin { id symbol } quantity price fee executedAt } totalValue totalCostBasis realizedPnl unrealizedPnl analytics { volatility sharpeRatio maxDrawdown valueAtRisk95 } } }`,
  subscription: `subscription { priceUpdated(coinIds: ["bitcoin"]) { coinId price change24hPct ts coin { id symbol name quote { price } sentiment { score label } analytics { rsi { v } } } } }`,
  marketTable: `{ coins(first: 100) { edges { cursor node { id symbol name rank quote { price change24hPct volume24h marketCap updatedAt stale } } } pageInfo { hasNextPage endCursor } totalCount } }`,
  marketTableRisk: `{ coins(first: 100) { edges { node { id symbol name quote { price change24hPct } sentiment { score label } analytics { volatility maxDrawdown sharpeRatio } } } } }`,
  introspection: getIntrospectionQuery(),
};
const ABUSIVE_COST = `{ coins(first: 100) { edges { node {
  analytics { sma(period: 5) { t v } ema(period: 5) { t v } rsi { t v } macd { t macd signal histogram } bollinger { t upper middle lower } }
  candles(interval: MINUTE_1, limit: 5000) { openTime open high low close volume } } } } }`;

let schema: GraphQLSchema;
let limits: OperationLimits;

beforeAll(async () => {
  const gateway = new ApolloGateway({ supergraphSdl: readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8') });
  schema = (await gateway.load()).schema;
  await gateway.stop();
  limits = loadOperationLimits(DEFAULT_SUPERGRAPH_PATH).limits;
});

function check(query: string, hideSuggestions = false) {
  const result = operationProtection(limits, { hideSuggestions }).parseAndValidate(schema, query);
  return 'errors' in result ? result.errors.map((e) => e.message) : [];
}

/** graphql-armor's own cost figure for a query, under the file's weights. */
function armorCost(query: string): number {
  const { validationRules } = new ApolloArmor({
    costLimit: {
      objectCost: limits.cost.objectCost,
      scalarCost: limits.cost.scalarCost,
      depthCostFactor: limits.cost.depthCostFactor,
      maxCost: 0,
      ignoreIntrospection: true,
    },
    maxDepth: { enabled: false },
    maxAliases: { enabled: false },
    maxDirectives: { enabled: false },
  }).protect();
  const [error] = validate(schema, parse(query), validationRules);
  return Number(/found (\d+(?:\.\d+)?)/.exec(error?.message ?? '')?.[1] ?? 0);
}

describe('operation limits of gateway/supergraph.graphql', () => {
  it('loads the limits file beside the supergraph (not the defaults)', () => {
    const loaded = loadOperationLimits(DEFAULT_SUPERGRAPH_PATH);
    expect(loaded.source).toMatch(/supergraph\.limits\.yaml$/);
    expect(loaded.limits).not.toEqual(DEFAULT_OPERATION_LIMITS);
  });

  it.each(Object.entries(LEGITIMATE))('allows the %s operation', (_name, query) => {
    expect(check(query)).toEqual([]);
  });

  it('keeps the fitted figures in the limits file true', () => {
    expect(Math.round(armorCost(LEGITIMATE.marketTableRisk!))).toBe(7531);
    expect(Math.round(armorCost(ABUSIVE_COST))).toBe(21031);
    expect(armorCost(LEGITIMATE.marketTableRisk!)).toBeLessThan(limits.cost.max);
  });

  it('refuses an operation whose cost exceeds the limit', () => {
    expect(check(ABUSIVE_COST)).toEqual([expect.stringMatching(/Cost limit of 12000 exceeded/)]);
  });

  it('refuses depth, aliases, root fields, tokens and directives over the limits', () => {
    expect(check('{ me { portfolios { holdings { coin { analytics { macd { t } } } } } } }')).toEqual([]);
    const tooDeep =
      '{ me { portfolios { owner { portfolios { owner { portfolios { owner { portfolios { owner { portfolios { id } } } } } } } } } } }';
    expect(check(tooDeep)).toEqual([expect.stringMatching(/depth limit of 10 exceeded/)]);

    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: marketSentiment { index }`).join(' ')} }`;
    expect(check(aliases(10))).toEqual([]);
    expect(check(aliases(16))).toEqual(
      expect.arrayContaining([expect.stringMatching(/Aliases limit of 15 exceeded/)]),
    );

    const roots = `{ ${Array.from({ length: 11 }, () => 'marketSentiment { index }').join(' ')} }`;
    expect(check(roots)).toEqual([expect.stringMatching(/Too many root fields: 11/)]);
    const rootsViaFragment = `{ ...F marketSentiment { index } } fragment F on Query { ${'me { id } '.repeat(10)} }`;
    expect(check(rootsViaFragment)).toEqual([expect.stringMatching(/Too many root fields: 11/)]);

    const tokens = `{ me { id ${'email '.repeat(2000)} } }`;
    expect(check(tokens)).toEqual([expect.stringMatching(/more tha[nt] 2000 tokens/)]);

    const directives = `{ me { id ${'@include(if: true) '.repeat(21)} } }`;
    expect(check(directives)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Directives limit of 20 exceeded/)]),
    );
  });

  it('hides field suggestions only when asked (introspection off)', () => {
    expect(check('{ coinz(id: "bitcoin") { id } }')[0]).toMatch(/Did you mean "coin"/);
    const hidden = check('{ coinz(id: "bitcoin") { id } }', true)[0];
    expect(hidden).toMatch(/Cannot query field "coinz" on type "Query"/);
    expect(hidden).not.toMatch(/Did you mean/);
  });
});

describe('limits files', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'limits-'));

  it('reads YAML or JSON beside any supergraph, and falls back to defaults without one', () => {
    const supergraph = path.join(dir, 'bench.graphql');
    expect(loadOperationLimits(supergraph)).toEqual({ limits: DEFAULT_OPERATION_LIMITS, source: 'defaults' });
    writeFileSync(
      path.join(dir, 'bench.limits.json'),
      JSON.stringify({ ...DEFAULT_OPERATION_LIMITS, maxDepth: 4 }),
    );
    expect(loadOperationLimits(supergraph).limits.maxDepth).toBe(4);
    writeFileSync(
      path.join(dir, 'bench.limits.yaml'),
      'maxDepth: 5\nmaxAliases: 1\nmaxRootFields: 1\nmaxTokens: 10\nmaxDirectives: 1\ncost: { max: 1, objectCost: 1, scalarCost: 1, depthCostFactor: 1 }\n',
    );
    expect(loadOperationLimits(supergraph).limits.maxDepth).toBe(5);
  });

  it('names every invalid or unknown entry', () => {
    expect(() => parseOperationLimits('maxDepth: -1\nmaxAlias: 3\n', 'x.yaml')).toThrow(LimitsFileError);
    try {
      parseOperationLimits('maxDepth: -1\nmaxAlias: 3\n', 'x.yaml');
    } catch (err) {
      expect((err as Error).message).toMatch(/x\.yaml/);
      expect((err as Error).message).toMatch(/maxDepth/);
      expect((err as Error).message).toMatch(/maxAlias/);
      expect((err as Error).message).toMatch(/cost/);
    }
  });
});
