import { z } from 'zod';
import { ConfigError, env, loadConfig, subgraphEnvSchema } from './config';

describe('loadConfig', () => {
  it('names every missing or invalid variable at once', () => {
    const schema = subgraphEnvSchema(4001);
    let error: unknown;
    try {
      loadConfig(schema, { DATABASE_URL: 'mysql://nope', PORT: 'eighty', KAFKA_BROKERS: 'no-port' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = Object.fromEntries((error as ConfigError).problems.map((p) => [p.variable, p.message]));
    expect(Object.keys(problems).sort()).toEqual([
      'DATABASE_URL',
      'JWT_PUBLIC_KEY',
      'KAFKA_BROKERS',
      'PORT',
      'REDIS_URL',
    ]);
    expect(problems.REDIS_URL).toBe('is required but not set');
    expect(problems.DATABASE_URL).toMatch(/postgresql/);
    expect((error as Error).message).toContain('JWT_PUBLIC_KEY');
  });

  it('applies defaults and parses lists and keys', () => {
    const config = loadConfig(subgraphEnvSchema(4002), {
      DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db',
      REDIS_URL: 'redis://127.0.0.1:6379',
      KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.2:9092',
      JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\\nabc\\n-----END PUBLIC KEY-----',
    });
    expect(config.PORT).toBe(4002);
    expect(config.DB_POOL_SIZE).toBe(10);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.2:9092']);
    expect(config.JWT_PUBLIC_KEY).toContain('\nabc\n');
  });

  it('reads a blank variable as unset: the default applies, a required one is reported missing', () => {
    const blank = {
      DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db',
      REDIS_URL: ' ',
      KAFKA_BROKERS: '127.0.0.1:9092',
      JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\\nabc\\n-----END PUBLIC KEY-----',
      PORT: '',
      DB_POOL_SIZE: '  ',
    };
    const problems = (() => {
      try {
        loadConfig(subgraphEnvSchema(4003), blank);
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    })();
    expect(problems).toEqual([{ variable: 'REDIS_URL', message: 'is required but not set' }]);
    const config = loadConfig(subgraphEnvSchema(4003), { ...blank, REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(config.PORT).toBe(4003);
    expect(config.DB_POOL_SIZE).toBe(10);
  });

  it('parses booleans strictly', () => {
    const schema = z.object({ FLAG: env.bool });
    expect(loadConfig(schema, { FLAG: 'true' }).FLAG).toBe(true);
    expect(loadConfig(schema, { FLAG: '0' }).FLAG).toBe(false);
    expect(() => loadConfig(schema, { FLAG: 'maybe' })).toThrow(/FLAG/);
  });
});
