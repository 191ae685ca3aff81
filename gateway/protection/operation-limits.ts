import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { OperationLimits } from './limits';

/** Top-level fields per operation (fragments on the root type included). */
export function maxRootFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const seen = new Set<string>();
      const count = (set: SelectionSetNode): number =>
        set.selections.reduce((n, s) => {
          if (s.kind === Kind.FIELD) return n + 1;
          if (s.kind === Kind.INLINE_FRAGMENT) return n + count(s.selectionSet);
          const fragment = context.getFragment(s.name.value);
          if (!fragment || seen.has(s.name.value)) return n;
          seen.add(s.name.value);
          return n + count(fragment.selectionSet);
        }, 0);
      const found = count(operation.selectionSet);
      if (found > max) {
        context.reportError(
          new GraphQLError(`Too many root fields: ${found} (at most ${max} per operation).`, {
            nodes: [operation],
            extensions: { code: 'BAD_USER_INPUT' },
          }),
        );
      }
    },
  });
}

export interface OperationProtection {
  /** For Apollo Server: armor's plugins (suggestion masking), validation rules and parse options. */
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  /**
   * graphql-js's own token limit, so an oversized document is a 400 GRAPHQL_PARSE_FAILED
   * (armor's token plugin throws from a hook where Apollo Server answers 500).
   */
  parseOptions: { maxTokens: number };
  /**
   * The same limits for operations that arrive over WebSocket, which graphql-ws parses and
   * validates itself: returns the document or the errors to send back.
   */
  parseAndValidate(
    schema: GraphQLSchema,
    query: string,
  ): { document: DocumentNode } | { errors: GraphQLError[] };
}

const SUGGESTION = / ?Did you mean(.+?)\?$/;

/**
 * Depth, aliases, directives and cost from graphql-armor, tokens from graphql-js's parser, and a root-field limit, all
 * from the supergraph's limits file. With introspection off, "Did you mean ...?" suggestions are
 * removed too, so the schema cannot be recovered field by field from error messages.
 */
export function operationProtection(
  limits: OperationLimits,
  options: { hideSuggestions: boolean },
): OperationProtection {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { enabled: false },
    costLimit: {
      maxCost: limits.cost.max,
      objectCost: limits.cost.objectCost,
      scalarCost: limits.cost.scalarCost,
      depthCostFactor: limits.cost.depthCostFactor,
      ignoreIntrospection: true,
    },
    blockFieldSuggestion: { enabled: options.hideSuggestions },
  }).protect();
  const validationRules = [...armor.validationRules, maxRootFieldsRule(limits.maxRootFields)];
  const allRules = [...specifiedRules, ...validationRules];

  return {
    plugins: armor.plugins,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules,
    parseAndValidate(schema, query) {
      let document: DocumentNode;
      try {
        document = parse(query, { maxTokens: limits.maxTokens });
      } catch (err) {
        const error = err instanceof GraphQLError ? err : new GraphQLError(String(err));
        return {
          errors: [new GraphQLError(error.message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })],
        };
      }
      const errors = validate(schema, document, allRules);
      if (!errors.length) return { document };
      return {
        errors: errors.map(
          (e) =>
            new GraphQLError(options.hideSuggestions ? e.message.replace(SUGGESTION, '') : e.message, {
              nodes: e.nodes,
              extensions: { ...e.extensions, code: e.extensions.code ?? 'GRAPHQL_VALIDATION_FAILED' },
            }),
        ),
      };
    },
  };
}
