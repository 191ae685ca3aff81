import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { Kind, parse } from 'graphql';

const document = parse(readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8'));
const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);

describe('users schema', () => {
  it('builds as a federation subgraph', () => {
    expect(() => buildSubgraphSchema({ typeDefs: document })).not.toThrow();
  });

  it('describes every type, field, input field and enum value (Sandbox shows them)', () => {
    const missing: string[] = [];
    for (const def of document.definitions) {
      if (
        def.kind !== Kind.OBJECT_TYPE_DEFINITION &&
        def.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION &&
        def.kind !== Kind.ENUM_TYPE_DEFINITION &&
        def.kind !== Kind.SCALAR_TYPE_DEFINITION
      )
        continue;
      if (!def.description && !ROOTS.has(def.name.value)) missing.push(def.name.value);
      const members =
        def.kind === Kind.ENUM_TYPE_DEFINITION
          ? (def.values ?? [])
          : def.kind === Kind.SCALAR_TYPE_DEFINITION
            ? []
            : (def.fields ?? []);
      for (const m of members) if (!m.description) missing.push(`${def.name.value}.${m.name.value}`);
    }
    expect(missing).toEqual([]);
  });
});
