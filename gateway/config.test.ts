import { generateKeyPairPem } from '../lib/auth';
import { ConfigError, loadConfig } from '../lib/config';
import { embeddedGatewayEnvSchema, exposure, gatewayEnvSchema } from './config';
import { replicaSubgraphCache } from './subgraph-cache';

const base = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_PUBLIC_KEY: generateKeyPairPem().publicKey,
};

describe('gateway environment', () => {
  it('defaults: port 8000, 5 auth attempts a minute, loopback the only trusted proxy', () => {
    const config = loadConfig(gatewayEnvSchema, base);
    expect(config).toMatchObject({
      PORT: 8000,
      AUTH_RATE_LIMIT_PER_MINUTE: 5,
      TRUSTED_PROXIES: 'loopback',
      NODE_ENV: 'development',
      SUBGRAPH_CACHE_MB: 64,
    });
  });

  it('reads the limits and proxies it is given', () => {
    const config = loadConfig(gatewayEnvSchema, {
      ...base,
      AUTH_RATE_LIMIT_PER_MINUTE: '20',
      TRUSTED_PROXIES: '10.0.0.0/8, 172.16.0.0/12',
    });
    expect(config.AUTH_RATE_LIMIT_PER_MINUTE).toBe(20);
    expect(config.TRUSTED_PROXIES).toBe('10.0.0.0/8, 172.16.0.0/12');
  });

  it('names every invalid variable', () => {
    expect(() =>
      loadConfig(gatewayEnvSchema, {
        ...base,
        TRUSTED_PROXIES: 'ingress.example',
        AUTH_RATE_LIMIT_PER_MINUTE: '0',
        SANDBOX: 'maybe',
      }),
    ).toThrow(ConfigError);
    let error: unknown;
    try {
      loadConfig(gatewayEnvSchema, {
        ...base,
        TRUSTED_PROXIES: 'ingress.example',
        AUTH_RATE_LIMIT_PER_MINUTE: '0',
        SANDBOX: 'maybe',
        SUBGRAPH_CACHE_MB: 'lots',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(names).toEqual(['AUTH_RATE_LIMIT_PER_MINUTE', 'SANDBOX', 'SUBGRAPH_CACHE_MB', 'TRUSTED_PROXIES']);
  });
});

describe('SUBGRAPH_CACHE_MB', () => {
  const cacheFor = (mb?: string) =>
    replicaSubgraphCache(loadConfig(gatewayEnvSchema, { ...base, SUBGRAPH_CACHE_MB: mb }).SUBGRAPH_CACHE_MB);

  it('sizes the shared subgraph cache in megabytes, 64 by default, one per process and size', () => {
    expect(cacheFor()?.maxBytes).toBe(64 * 1024 * 1024);
    expect(cacheFor('')?.maxBytes).toBe(64 * 1024 * 1024);
    expect(cacheFor('8')?.maxBytes).toBe(8 * 1024 * 1024);
    expect(cacheFor('8')).toBe(cacheFor('8'));
    expect(cacheFor('8')).not.toBe(cacheFor());
  });

  it('0 turns the cache off', () => {
    expect(cacheFor('0')).toBeNull();
  });

  it.each(['lots', '-1'])('%s fails validation, naming the variable', (value) => {
    const invalid = () => {
      try {
        loadConfig(gatewayEnvSchema, { ...base, SUBGRAPH_CACHE_MB: value });
      } catch (err) {
        return (err as ConfigError).problems.map((p) => p.variable);
      }
      return [];
    };
    expect(invalid()).toEqual(['SUBGRAPH_CACHE_MB']);
  });
});

describe('introspection and Sandbox', () => {
  it('are on in development and off in production', () => {
    expect(exposure({ NODE_ENV: 'development' })).toEqual({ introspection: true, sandbox: true });
    expect(exposure({ NODE_ENV: 'production' })).toEqual({ introspection: false, sandbox: false });
  });

  it('can be turned on in production (or off in development) by configuration', () => {
    expect(exposure({ NODE_ENV: 'production', INTROSPECTION: true })).toEqual({
      introspection: true,
      sandbox: true,
    });
    expect(exposure({ NODE_ENV: 'production', INTROSPECTION: true, SANDBOX: false })).toEqual({
      introspection: true,
      sandbox: false,
    });
    expect(exposure({ NODE_ENV: 'development', INTROSPECTION: false })).toEqual({
      introspection: false,
      sandbox: false,
    });
  });
});

describe('embeddedGatewayEnvSchema', () => {
  it('reads the gateway settings embedded mode honours, with the cluster defaults and checks', () => {
    expect(loadConfig(embeddedGatewayEnvSchema, {})).toEqual({
      AUTH_RATE_LIMIT_PER_MINUTE: 5,
      SUBGRAPH_CACHE_MB: 64,
    });
    expect(
      loadConfig(embeddedGatewayEnvSchema, { SUBGRAPH_CACHE_MB: '0', AUTH_RATE_LIMIT_PER_MINUTE: '9' }),
    ).toEqual({
      AUTH_RATE_LIMIT_PER_MINUTE: 9,
      SUBGRAPH_CACHE_MB: 0,
    });
    expect(() => loadConfig(embeddedGatewayEnvSchema, { SUBGRAPH_CACHE_MB: 'lots' })).toThrow(
      /SUBGRAPH_CACHE_MB/,
    );
  });
});
