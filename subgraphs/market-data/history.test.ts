import { GraphQLError } from 'graphql';
import { providerError } from './history';
import { CoinGeckoError, CoinGeckoPlanRestrictedError } from './providers/coingecko';

const mapped = (err: unknown) => {
  const e = providerError(err, 'bitcoin');
  expect(e).toBeInstanceOf(GraphQLError);
  return { message: (e as GraphQLError).message, extensions: (e as GraphQLError).extensions };
};

describe('providerError', () => {
  it('turns a plan restriction into BAD_USER_INPUT carrying CoinGecko’s message and code', () => {
    const e = mapped(
      new CoinGeckoPlanRestrictedError('Your request exceeds the allowed time range. ', 401, 10012),
    );
    expect(e.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      provider: 'coingecko',
      reason: 'plan_restricted',
      providerCode: 10012,
    });
    expect(e.message).toBe(
      "CoinGecko's plan does not allow this request: Your request exceeds the allowed time range.",
    );
  });

  it('maps rate limits, refused keys and outages to UPSTREAM_UNAVAILABLE, unknown coins to NOT_FOUND', () => {
    const limited = mapped(
      new CoinGeckoError('rate_limited', 'CoinGecko rate limit: slow down', 429, 429, 61_500),
    );
    expect(limited.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 62 });
    expect(
      mapped(new CoinGeckoError('unauthorized', 'CoinGecko 401: bad key', 401)).extensions,
    ).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      reason: 'unauthorized',
    });
    expect(mapped(new CoinGeckoError('unavailable', 'CoinGecko error 503')).extensions?.code).toBe(
      'UPSTREAM_UNAVAILABLE',
    );
    expect(mapped(new CoinGeckoError('not_found', 'CoinGecko 404: coin not found', 404))).toMatchObject({
      message: 'CoinGecko has no coin bitcoin',
      extensions: { code: 'NOT_FOUND' },
    });
    expect(
      mapped(new CoinGeckoError('bad_request', 'CoinGecko 400: invalid vs_currency', 400)).extensions?.code,
    ).toBe('BAD_USER_INPUT');
  });

  it('leaves other failures alone, so they are masked as internal errors', () => {
    const bug = new TypeError('x is undefined');
    expect(providerError(bug, 'bitcoin')).toBe(bug);
  });
});
