import { z } from 'zod';
import { env } from '../lib/config';
import { clientAddressResolver, DEFAULT_TRUSTED_PROXIES } from './client-address';
import { DEFAULT_AUTH_RATE_LIMIT_PER_MINUTE, GATEWAY_PORT } from './defaults';
import { subgraphCacheMbSchema } from './subgraph-cache';
import { DEFAULT_SUPERGRAPH_PATH } from './subgraphs';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** The gateway's environment (cluster mode); every variable is named when missing or invalid. */
export const gatewayEnvSchema = z.object({
  PORT: env.port(GATEWAY_PORT),
  KAFKA_BROKERS: env.kafkaBrokers,
  REDIS_URL: env.redisUrl,
  JWT_PUBLIC_KEY: env.pem('PUBLIC'),
  SUPERGRAPH_PATH: z.string().default(DEFAULT_SUPERGRAPH_PATH),
  /** Operation limits; default: `<supergraph>.limits.yaml` beside the supergraph. */
  OPERATION_LIMITS_PATH: z.string().optional(),
  NODE_ENV: env.nodeEnv,
  INTROSPECTION: env.bool.optional(),
  SANDBOX: env.bool.optional(),
  ALLOW_ANONYMOUS_MARKET_SUBSCRIPTIONS: env.bool.default(true),
  TRUSTED_PROXIES: z
    .string()
    .default(DEFAULT_TRUSTED_PROXIES)
    .refine((value) => {
      try {
        clientAddressResolver(value);
        return true;
      } catch {
        return false;
      }
    }, 'must be comma-separated IP addresses, CIDRs, or loopback/linklocal/uniquelocal'),
  AUTH_RATE_LIMIT_PER_MINUTE: positiveInt(DEFAULT_AUTH_RATE_LIMIT_PER_MINUTE),
  SUBGRAPH_TIMEOUT_MS: positiveInt(10_000),
  SUBGRAPH_MAX_CONNECTIONS: positiveInt(64),
  /** Megabytes of the shared subgraph response cache (subgraph-cache.ts); 0 turns it off. */
  SUBGRAPH_CACHE_MB: subgraphCacheMbSchema,
  WS_MAX_CONNECTIONS_PER_CLIENT: positiveInt(50),
  WS_MAX_OPERATIONS_PER_CONNECTION: positiveInt(25),
  LOG_LEVEL: env.logLevel,
});

export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;

/**
 * The gateway settings that also apply in embedded mode (scripts/start.ts), validated by the same
 * rules: one reader per variable in either mode.
 */
export const embeddedGatewayEnvSchema = gatewayEnvSchema.pick({
  AUTH_RATE_LIMIT_PER_MINUTE: true,
  SUBGRAPH_CACHE_MB: true,
});

/**
 * Introspection and Apollo Sandbox: on in development, off in production unless `INTROSPECTION`
 * or `SANDBOX` turn them on. Sandbox follows introspection unless set itself (it needs
 * introspection to show the schema).
 */
export function exposure(config: Pick<GatewayEnv, 'NODE_ENV' | 'INTROSPECTION' | 'SANDBOX'>): {
  introspection: boolean;
  sandbox: boolean;
} {
  const introspection = config.INTROSPECTION ?? config.NODE_ENV !== 'production';
  return { introspection, sandbox: config.SANDBOX ?? introspection };
}
