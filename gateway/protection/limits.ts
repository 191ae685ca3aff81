import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';

/**
 * Operation limits of one supergraph. They live in a file beside the supergraph
 * (`supergraph.graphql` → `supergraph.limits.yaml` or `.limits.json`), because what is a
 * reasonable depth or cost depends on the schema: a benchmark supergraph brings its own.
 */
export const OperationLimitsSchema = z
  .object({
    /** Deepest field nesting, fragments flattened; introspection is not counted. */
    maxDepth: z.number().int().positive(),
    /** Aliases per operation (aliases multiply work without growing the document much). */
    maxAliases: z.number().int().nonnegative(),
    /** Top-level fields per operation, fragments included. */
    maxRootFields: z.number().int().positive(),
    /** Lexical tokens per document: bounds parser work before anything else runs. */
    maxTokens: z.number().int().positive(),
    maxDirectives: z.number().int().positive(),
    /** graphql-armor's cost model: objects and scalars weighted by depth, lists by literal `first`/`last`. */
    cost: z
      .object({
        max: z.number().positive(),
        objectCost: z.number().nonnegative(),
        scalarCost: z.number().nonnegative(),
        depthCostFactor: z.number().positive(),
      })
      .strict(),
  })
  .strict();
export type OperationLimits = z.infer<typeof OperationLimitsSchema>;

/** Used when a supergraph has no limits file: generous, but still bounded. */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxAliases: 20,
  maxRootFields: 15,
  maxTokens: 5000,
  maxDirectives: 30,
  cost: { max: 20_000, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5 },
};

export class LimitsFileError extends Error {}

/** Candidate limits files for a supergraph path, in order of preference. */
export function limitsPathsFor(supergraphPath: string): string[] {
  const base = supergraphPath.replace(/\.(graphql|graphqls|gql)$/i, '');
  return [`${base}.limits.yaml`, `${base}.limits.yml`, `${base}.limits.json`];
}

export function parseOperationLimits(text: string, source: string): OperationLimits {
  let raw: unknown;
  try {
    raw = parseYaml(text); // JSON is YAML too
  } catch (err) {
    throw new LimitsFileError(`${source}: not valid YAML/JSON: ${(err as Error).message}`);
  }
  const result = OperationLimitsSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues
      .map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('\n');
    throw new LimitsFileError(`${source}: invalid operation limits:\n${problems}`);
  }
  return result.data;
}

/**
 * Loads the limits for a supergraph: an explicit path (`OPERATION_LIMITS_PATH`) must exist;
 * otherwise the file beside the supergraph is used when present, else the defaults.
 */
export function loadOperationLimits(
  supergraphPath: string,
  explicitPath?: string,
): { limits: OperationLimits; source: string } {
  if (explicitPath)
    return {
      limits: parseOperationLimits(readFileSync(explicitPath, 'utf8'), explicitPath),
      source: explicitPath,
    };
  for (const candidate of limitsPathsFor(supergraphPath)) {
    if (existsSync(candidate))
      return { limits: parseOperationLimits(readFileSync(candidate, 'utf8'), candidate), source: candidate };
  }
  return { limits: DEFAULT_OPERATION_LIMITS, source: 'defaults' };
}
