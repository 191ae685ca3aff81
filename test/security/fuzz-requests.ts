// Random GraphQL-over-HTTP requests for the fuzz test, built from the API schema so that most
// of them reach the resolvers (right field names, arguments of roughly the right types) while
// carrying hostile values, broken documents and malformed bodies. Everything is derived from one
// integer seed, so a failing request can be rebuilt from the seed fast-check reports.
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

/** mulberry32: small, fast, good enough to pick among choices reproducibly. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
  };
}
type Rng = ReturnType<typeof prng>;

const HOSTILE_STRINGS = [
  '',
  ' ',
  "' OR 1=1 --",
  '\'; DROP TABLE "User"; --',
  '%',
  '_',
  '\\',
  '\u0000',
  'a\u0000b',
  '\uFFFF',
  '\uD800',
  '𝕏🚀💥',
  '\u202Etxet',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '${jndi:ldap://127.0.0.1/x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  '0x1F',
  '\n\r\t',
];

export interface FuzzContext {
  /** Ids that exist (the fuzz user's portfolio, transaction, alert; coins), to get past lookups. */
  ids: string[];
  tokens: { valid: string; other: string };
}

function randomString(rng: Rng): string {
  if (rng.chance(0.5)) return rng.pick(HOSTILE_STRINGS);
  const length = rng.pick([1, 5, 20, 100, 1000, 20_000]);
  let s = '';
  for (let i = 0; i < Math.min(length, 64); i++)
    s += String.fromCharCode(rng.chance(0.9) ? 32 + rng.int(95) : rng.int(0xffff));
  return s.repeat(Math.ceil(length / Math.max(1, s.length))).slice(0, length);
}

function scalarValue(name: string, rng: Rng, ctx: FuzzContext): unknown {
  switch (name) {
    case 'Int':
      return rng.pick([
        0,
        1,
        -1,
        5,
        50,
        100,
        101,
        5000,
        2 ** 31 - 1,
        -(2 ** 31),
        2 ** 31,
        2 ** 53,
        1.5,
        '7',
        true,
      ]);
    case 'Float':
      return rng.pick([0, 0.5, -1, 1e308, -1e308, 5e-324, 2, '0.1', false]);
    case 'Boolean':
      return rng.pick([true, false, 'true', 0]);
    case 'ID':
      return rng.chance(0.5)
        ? rng.pick(ctx.ids)
        : rng.pick([...HOSTILE_STRINGS, '00000000-0000-0000-0000-000000000000', 42]);
    case 'Decimal':
      return rng.pick([
        '1',
        '0.5',
        '-1',
        '0',
        '100000',
        '99999999999999999999',
        '0.000000000000000001',
        '1e5',
        '1.2.3',
        ' 1',
        'NaN',
        '-0',
        '12345678901234567890123',
        1.5,
        7,
        randomString(rng),
      ]);
    case 'DateTime':
      return rng.pick([
        new Date().toISOString(),
        '2024-01-31T12:00:00Z',
        '2024-02-30T00:00:00Z',
        '0001-01-01T00:00:00Z',
        '1970-01-01T00:00:00Z',
        '9999-12-31T23:59:59Z',
        '2024-01-01',
        'yesterday',
        '2024-01-01T25:00:00Z',
        1700000000000,
        randomString(rng),
      ]);
    default:
      return randomString(rng);
  }
}

function inputValue(type: GraphQLInputType, rng: Rng, ctx: FuzzContext, depth: number): unknown {
  if (isNonNullType(type)) return rng.chance(0.03) ? null : inputValue(type.ofType, rng, ctx, depth);
  if (rng.chance(0.05)) return null;
  if (isListType(type)) {
    const n = rng.pick([0, 1, 2, 3, 10, 200]);
    return Array.from({ length: depth > 3 ? 0 : n }, () => inputValue(type.ofType, rng, ctx, depth + 1));
  }
  if (rng.chance(0.04)) return randomString(rng); // the wrong kind of value altogether
  if (isEnumType(type)) return rng.chance(0.9) ? rng.pick(type.getValues()).name : randomString(rng);
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) ? rng.chance(0.95) : rng.chance(0.6))
        out[field.name] = inputValue(field.type, rng, ctx, depth + 1);
    }
    if (rng.chance(0.05)) out[randomString(rng).slice(0, 20) || 'extra'] = 1;
    return out;
  }
  if (isScalarType(type)) return scalarValue(type.name, rng, ctx);
  return null;
}

/** A GraphQL literal for a JSON value (strings escaped as JSON strings are valid GraphQL strings). */
function literal(value: unknown, type: GraphQLInputType): string {
  const named = getNamedType(type);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => literal(v, isListType(type) ? type.ofType : type)).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = isInputObjectType(named) ? named.getFields() : {};
    return `{ ${Object.entries(value as Record<string, unknown>)
      .filter(([k]) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(k))
      .map(([k, v]) => `${k}: ${literal(v, fields[k]?.type ?? named)}`)
      .join(', ')} }`;
  }
  if (isEnumType(named) && typeof value === 'string' && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value)) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  return JSON.stringify(value);
}

interface Built {
  text: string;
  variables: Record<string, unknown>;
}

function argumentsFor(
  args: readonly GraphQLArgument[],
  rng: Rng,
  ctx: FuzzContext,
  vars: { defs: string[]; values: Record<string, unknown> },
): string {
  const parts: string[] = [];
  for (const arg of args) {
    if (!isNonNullType(arg.type) && rng.chance(0.4)) continue;
    const value = inputValue(arg.type, rng, ctx, 0);
    if (rng.chance(0.5)) {
      const name = `v${vars.defs.length}`;
      vars.defs.push(`$${name}: ${String(arg.type)}`);
      vars.values[name] = value;
      parts.push(`${arg.name}: $${name}`);
    } else {
      parts.push(`${arg.name}: ${literal(value, arg.type)}`);
    }
  }
  return parts.length ? `(${parts.join(', ')})` : '';
}

function selectionFor(
  type: GraphQLOutputType,
  rng: Rng,
  ctx: FuzzContext,
  vars: { defs: string[]; values: Record<string, unknown> },
  depth: number,
): string {
  const named = getNamedType(type);
  if (isUnionType(named) || isInterfaceType(named)) return '{ __typename }';
  if (!isObjectType(named)) return '';
  const fields = Object.values((named as GraphQLObjectType).getFields());
  const chosen = new Set<GraphQLField<unknown, unknown>>();
  const n = 1 + rng.int(depth > 2 ? 2 : 4);
  for (let i = 0; i < n; i++) chosen.add(rng.pick(fields));
  const parts = [...chosen].map((field) => {
    const inner =
      isObjectType(getNamedType(field.type)) ||
      isUnionType(getNamedType(field.type)) ||
      isInterfaceType(getNamedType(field.type));
    if (inner && depth >= 5) return '__typename';
    const args = argumentsFor(field.args, rng, ctx, vars);
    return `${field.name}${args}${inner ? ` ${selectionFor(field.type, rng, ctx, vars, depth + 1)}` : ''}`;
  });
  return `{ ${parts.join(' ')} }`;
}

function operation(schema: GraphQLSchema, rng: Rng, ctx: FuzzContext): Built {
  const mutation = rng.chance(0.3) && schema.getMutationType();
  const root = mutation || schema.getQueryType()!;
  const vars = { defs: [] as string[], values: {} as Record<string, unknown> };
  const fields = Object.values(root.getFields());
  const count = 1 + rng.int(2);
  const selections: string[] = [];
  for (let i = 0; i < count; i++) {
    const field = rng.pick(fields);
    const inner = getNamedType(field.type);
    const sub =
      isScalarType(inner) || isEnumType(inner) ? '' : ` ${selectionFor(field.type, rng, ctx, vars, 1)}`;
    selections.push(`f${i}: ${field.name}${argumentsFor(field.args, rng, ctx, vars)}${sub}`);
  }
  const defs = vars.defs.length ? `(${vars.defs.join(', ')})` : '';
  return {
    text: `${mutation ? 'mutation' : 'query'} Fuzz${defs} { ${selections.join(' ')} }`,
    variables: vars.values,
  };
}

function corrupt(text: string, rng: Rng): string {
  const at = rng.int(text.length + 1);
  switch (rng.int(5)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return (
        text.slice(0, at) +
        rng.pick(['{', '}', '(', ')', '$', '@skip', '...', '"', '#', ':', '!', '[']) +
        text.slice(at)
      );
    case 2:
      return text.slice(0, at) + text.slice(at + 1 + rng.int(10));
    case 3:
      return `${text} ${text}`;
    default:
      return text.replace(/Fuzz/, rng.pick(['', 'query', 'subscription', '123']));
  }
}

export interface FuzzRequest {
  body: string;
  headers: Record<string, string>;
  /** What was sent, for the failure report. */
  describe(): string;
}

/** One request from `seed`: mostly schema-shaped operations, some broken ones, some junk. */
export function fuzzRequest(schema: GraphQLSchema, seed: number, ctx: FuzzContext): FuzzRequest {
  const rng = prng(seed);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const auth = rng.next();
  if (auth < 0.5) headers.authorization = `Bearer ${ctx.tokens.valid}`;
  else if (auth < 0.55) headers.authorization = `Bearer ${ctx.tokens.other}`;
  else if (auth < 0.6)
    headers.authorization = rng.pick([
      'Bearer x.y.z',
      'Bearer',
      'Basic Zm9v',
      // Header values are Latin-1: keep what fetch can send.
      `Bearer ${randomString(rng)
        .replace(/[^\x20-\x7e]/g, '')
        .slice(0, 50)}`,
    ]);
  headers['x-forwarded-for'] = `10.250.${rng.int(250)}.${rng.int(250)}`;
  const kind = rng.next();
  let payload: unknown;
  if (kind < 0.7) {
    const op = operation(schema, rng, ctx);
    payload = {
      query: op.text,
      variables: op.variables,
      ...(rng.chance(0.1) ? { operationName: rng.pick(['Fuzz', 'Other', '']) } : {}),
    };
  } else if (kind < 0.85) {
    const op = operation(schema, rng, ctx);
    payload = { query: corrupt(op.text, rng), variables: op.variables };
  } else if (kind < 0.95) {
    payload = rng.pick<unknown>([
      { query: 42 },
      { query: null },
      { query: ['{ __typename }'] },
      { query: '{ __typename }', variables: [] },
      { query: '{ __typename }', variables: 'x' },
      {
        query: '{ __typename }',
        extensions: { persistedQuery: { version: 1, sha256Hash: randomString(rng).slice(0, 64) } },
      },
      { extensions: { persistedQuery: { version: 2, sha256Hash: 'x' } } },
      { query: '{ __typename }', operationName: { a: 1 } },
      { query: `{ ${'__typename '.repeat(3000)}}` },
      { query: `${'{ a '.repeat(500)}${'}'.repeat(500)}` },
      [{ query: '{ __typename }' }],
      {},
      'text',
    ]);
  } else {
    const body = rng.pick([
      '{',
      '{"query": "{ __typename }"',
      '\u0000\u0001',
      '{"query": "\\uD800"}',
      randomString(rng),
    ]);
    return { body, headers, describe: () => `seed ${seed}: raw body ${JSON.stringify(body).slice(0, 300)}` };
  }
  const body = JSON.stringify(payload);
  return { body, headers, describe: () => `seed ${seed}: ${JSON.stringify(headers)} ${body.slice(0, 1500)}` };
}
