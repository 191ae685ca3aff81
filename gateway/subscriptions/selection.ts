import {
  Kind,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
  type GraphQLSchema,
  TypeInfo,
  visitWithTypeInfo,
  getNamedType,
} from 'graphql';

/** Types whose data belongs to one user: selections touching them are never shared across users. */
export const PRIVATE_TYPES = new Set([
  'User',
  'Portfolio',
  'Holding',
  'Transaction',
  'PriceAlert',
  'PortfolioUpdate',
  'PortfolioAnalytics',
]);

export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const map = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) map.set(def.name.value, def);
  return map;
}

/** Selections of every occurrence of `fieldName` in a selection set, looking through fragments. */
export function collectFieldSelections(
  set: SelectionSetNode,
  fieldName: string,
  fragments: Map<string, FragmentDefinitionNode>,
  out: SelectionNode[] = [],
): SelectionNode[] {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD && sel.name.value === fieldName && sel.selectionSet)
      out.push(...sel.selectionSet.selections);
    else if (sel.kind === Kind.INLINE_FRAGMENT)
      collectFieldSelections(sel.selectionSet, fieldName, fragments, out);
    else if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const frag = fragments.get(sel.name.value);
      if (frag) collectFieldSelections(frag.selectionSet, fieldName, fragments, out);
    }
  }
  return out;
}

/** True when the root field's selection (through fragments) reaches `fieldName`. */
export function selectsField(
  set: SelectionSetNode,
  fieldName: string,
  fragments: Map<string, FragmentDefinitionNode>,
): boolean {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD && sel.name.value === fieldName) return true;
    if (sel.kind === Kind.INLINE_FRAGMENT && selectsField(sel.selectionSet, fieldName, fragments))
      return true;
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const frag = fragments.get(sel.name.value);
      if (frag && selectsField(frag.selectionSet, fieldName, fragments)) return true;
    }
  }
  return false;
}

/**
 * Builds the query that fetches an entity for a subscription event through the gateway:
 * `query ($__id: ID!, <used variables>) { __entity: <rootField>(id: $__id) { <selections> } }`
 * plus the fragments those selections use.
 */
export function buildHydrationQuery(
  rootField: string,
  selections: readonly SelectionNode[],
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
): string {
  const selectionSet: SelectionSetNode = { kind: Kind.SELECTION_SET, selections };
  const usedFragments = new Set<string>();
  const usedVariables = new Set<string>();
  const walk = (node: SelectionSetNode) =>
    visit(node, {
      FragmentSpread(spread) {
        if (usedFragments.has(spread.name.value)) return;
        usedFragments.add(spread.name.value);
        const frag = fragments.get(spread.name.value);
        if (frag) walk(frag.selectionSet);
      },
      Variable(variable) {
        usedVariables.add(variable.name.value);
      },
    });
  walk(selectionSet);
  const variableDefinitions: VariableDefinitionNode[] = [
    {
      kind: Kind.VARIABLE_DEFINITION,
      variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: '__id' } },
      type: {
        kind: Kind.NON_NULL_TYPE,
        type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } },
      },
    },
    ...(operation.variableDefinitions ?? []).filter((d) => usedVariables.has(d.variable.name.value)),
  ];
  const field: FieldNode = {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: '__entity' },
    name: { kind: Kind.NAME, value: rootField },
    arguments: [
      {
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: 'id' },
        value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: '__id' } },
      },
    ],
    selectionSet,
  };
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: 'query' as OperationDefinitionNode['operation'],
        name: { kind: Kind.NAME, value: 'SubscriptionHydration' },
        variableDefinitions,
        selectionSet: { kind: Kind.SELECTION_SET, selections: [field] },
      },
      ...[...usedFragments]
        .map((name) => fragments.get(name))
        .filter((f): f is FragmentDefinitionNode => !!f),
    ],
  };
  return print(document);
}

/** True when the operation selects any field of a user-private type. */
export function touchesPrivateData(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        const parent = typeInfo.getParentType();
        if (
          (type && PRIVATE_TYPES.has(getNamedType(type).name)) ||
          (parent && PRIVATE_TYPES.has(parent.name))
        )
          found = true;
      },
    }),
  );
  return found;
}
