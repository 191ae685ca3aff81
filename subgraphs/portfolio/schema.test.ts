import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { Kind, parse, type DefinitionNode } from 'graphql';
import { TRANSACTION_TYPE_DESCRIPTIONS, TRANSACTION_TYPES } from './core';

const sdl = readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8');
const document = parse(sdl);
const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);

/** Everything Sandbox shows that has no description, as "Type" or "Type.field". */
function undescribed(definitions: readonly DefinitionNode[]): string[] {
  const missing: string[] = [];
  for (const def of definitions) {
    if (
      def.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      def.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION &&
      def.kind !== Kind.ENUM_TYPE_DEFINITION &&
      def.kind !== Kind.SCALAR_TYPE_DEFINITION
    )
      continue;
    const name = def.name.value;
    if (!def.description && !ROOTS.has(name)) missing.push(name);
    const members =
      def.kind === Kind.ENUM_TYPE_DEFINITION
        ? (def.values ?? [])
        : def.kind === Kind.SCALAR_TYPE_DEFINITION
          ? []
          : (def.fields ?? []);
    for (const member of members) if (!member.description) missing.push(`${name}.${member.name.value}`);
  }
  return missing;
}

describe('portfolio schema', () => {
  it('builds as a federation subgraph', () => {
    expect(() => buildSubgraphSchema({ typeDefs: document })).not.toThrow();
  });

  it('describes every type, field, input field and enum value', () => {
    expect(undescribed(document.definitions)).toEqual([]);
  });

  it("describes each transaction type in the ledger core's words", () => {
    const enumType = document.definitions.find(
      (d) => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'TransactionType',
    );
    if (enumType?.kind !== Kind.ENUM_TYPE_DEFINITION) throw new Error('TransactionType missing');
    const described = Object.fromEntries(
      (enumType.values ?? []).map((v) => [v.name.value, v.description?.value]),
    );
    expect(Object.keys(described)).toEqual([...TRANSACTION_TYPES]);
    expect(described).toEqual(TRANSACTION_TYPE_DESCRIPTIONS);
  });
});
