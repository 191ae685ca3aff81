import { z } from 'zod';

/** Raised when the environment does not satisfy a service's schema; names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Kubernetes ConfigMaps and .env files often carry `NAME=` for "not set"; read as a value, a blank
 * number would coerce to 0 (`PORT=` binding a random port, a cache of 0 MB turned off).
 */
function withoutBlanks(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([, value]) => value === undefined || value.trim() !== ''),
  );
}

/**
 * Reads `env` through `schema`, collecting every missing or invalid variable at once. A blank
 * variable counts as unset: its default applies, or it is reported as required.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(withoutBlanks(env));
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    variable: issue.path.map(String).join('.') || '(environment)',
    message:
      issue.code === 'invalid_type' && issue.input === undefined ? 'is required but not set' : issue.message,
  }));
  throw new ConfigError(problems);
}

/** Service entry points call this: a bad environment stops the process with a readable list. */
export function loadConfigOrExit<S extends z.ZodType>(
  schema: S,
  service: string,
  env = process.env,
): z.infer<S> {
  try {
    return loadConfig(schema, env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${service}: ${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Reusable environment fields. */
export const env = {
  port: (defaultPort: number) => z.coerce.number().int().min(0).max(65535).default(defaultPort),
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  redisUrl: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL'),
  kafkaBrokers: z
    .string()
    .min(1)
    .transform((s) =>
      s
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every((b) => /^[^:\s]+:\d+$/.test(b)), 'must be host:port[,host:port...]'),
  pem: (kind: 'PRIVATE' | 'PUBLIC') =>
    z
      .string()
      .transform((s) => s.replace(/\\n/g, '\n'))
      .refine((s) => s.includes(`-----BEGIN ${kind} KEY-----`), `must be a PEM ${kind.toLowerCase()} key`),
  bool,
  poolSize: z.coerce.number().int().min(1).max(200).default(10),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  nodeEnv: z.enum(['development', 'production', 'test']).default('development'),
};

/** What every subgraph needs in cluster mode. */
export const subgraphEnvSchema = (defaultPort: number) =>
  z.object({
    PORT: env.port(defaultPort),
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: env.redisUrl,
    KAFKA_BROKERS: env.kafkaBrokers,
    JWT_PUBLIC_KEY: env.pem('PUBLIC'),
    DB_POOL_SIZE: env.poolSize,
    LOG_LEVEL: env.logLevel,
    NODE_ENV: env.nodeEnv,
  });
export type SubgraphEnv = z.infer<ReturnType<typeof subgraphEnvSchema>>;
