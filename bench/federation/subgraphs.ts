// The standard public federation workload (as in graphql-hive/graphql-gateways-benchmark):
// accounts, inventory, products and reviews, with the same shapes and sizes of data, written
// here with @apollo/subgraph. The data is generated in memory and deterministic.
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3"';

interface User {
  id: string;
  name: string;
  username: string;
  birthday: number;
}
interface Product {
  upc: string;
  name: string;
  price: number;
  weight: number;
}
interface Review {
  id: string;
  body: string;
  productUpc: string;
}

const WORDS =
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat'.split(
    ' ',
  );

/** Deterministic filler text of about `length` characters (review bodies). */
function text(seed: number, length: number): string {
  let out = '';
  let x = seed;
  while (out.length < length) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out += (out ? ' ' : '') + WORDS[x % WORDS.length];
  }
  return out.slice(0, length);
}

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald'];
const LAST_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth'];
export const USERS: User[] = FIRST_NAMES.map((first, i) => ({
  id: String(i + 1),
  name: `${first} ${LAST_NAMES[i]}`,
  username: `${first.toLowerCase()}${i + 1}`,
  birthday: 1234567890,
}));

const PRODUCT_NAMES = ['Table', 'Couch', 'Glass', 'Chair', 'TV', 'Lamp', 'Grill', 'Fridge', 'Sofa'];
const PRICES = [899, 1299, 15, 499, 1299, 6999, 3999, 100000, 9999];
const WEIGHTS = [100, 1000, 20, 100, 1000, 300, 2000, 6000, 800];
export const PRODUCTS: Product[] = PRODUCT_NAMES.map((name, i) => ({
  upc: String(i + 1),
  name,
  price: PRICES[i]!,
  weight: WEIGHTS[i]!,
}));
const IN_STOCK = new Map(PRODUCTS.map((p, i) => [p.upc, [0, 4, 5, 6, 8].includes(i)]));

// Eleven reviews over four products, bodies of the public benchmark's lengths.
const REVIEW_PRODUCTS = ['1', '1', '1', '1', '2', '2', '2', '2', '3', '4', '4'];
const BODY_LENGTHS = [446, 291, 276, 145, 446, 291, 276, 145, 145, 145, 843];
export const REVIEWS: Review[] = REVIEW_PRODUCTS.map((upc, i) => ({
  id: String(i + 1),
  body: text(i + 1, BODY_LENGTHS[i]!),
  productUpc: upc,
}));
// As in the public workload: every review's author is the first user, and every user's reviews
// are the first two (so nesting repeats the same entities, the point of the workload).
const AUTHOR = USERS[0]!;
const USER_REVIEWS = REVIEWS.slice(0, 2);

export interface SubgraphSpec {
  name: 'accounts' | 'inventory' | 'products' | 'reviews';
  typeDefs: DocumentNode;
  schema: GraphQLSchema;
}

function subgraph(
  name: SubgraphSpec['name'],
  sdl: string,
  resolvers: GraphQLResolverMap<unknown>,
): SubgraphSpec {
  const typeDefs = parse(sdl);
  return { name, typeDefs, schema: buildSubgraphSchema({ typeDefs, resolvers }) };
}

const usersById = new Map(USERS.map((u) => [u.id, u]));
const productsByUpc = new Map(PRODUCTS.map((p) => [p.upc, p]));
const reviewsById = new Map(REVIEWS.map((r) => [r.id, r]));

export function publicSubgraphs(): SubgraphSpec[] {
  return [
    subgraph(
      'accounts',
      `${LINK}, import: ["@key", "@shareable"])
      type Query { me: User  user(id: ID!): User  users: [User] }
      type User @key(fields: "id") { id: ID!  name: String  username: String @shareable  birthday: Int }`,
      {
        Query: {
          me: () => USERS[0],
          user: (_: unknown, { id }: { id: string }) => usersById.get(id) ?? null,
          users: () => USERS,
        },
        User: { __resolveReference: (ref: { id: string }) => usersById.get(ref.id) ?? null },
      },
    ),
    subgraph(
      'inventory',
      `${LINK}, import: ["@key", "@external", "@requires"])
      type Product @key(fields: "upc") {
        upc: String!  weight: Int @external  price: Int @external
        inStock: Boolean  shippingEstimate: Int @requires(fields: "price weight")
      }`,
      {
        Product: {
          __resolveReference: (ref: { upc: string; price?: number; weight?: number }) => ({
            ...ref,
            inStock: IN_STOCK.get(ref.upc) ?? false,
          }),
          // Free shipping above 1000, otherwise half the weight (the public workload's rule).
          shippingEstimate: (p: { price?: number; weight?: number }) =>
            p.price === undefined ? null : p.price > 1000 ? 0 : p.weight === undefined ? null : p.weight / 2,
        },
      },
    ),
    subgraph(
      'products',
      `${LINK}, import: ["@key"])
      type Query { topProducts(first: Int = 5): [Product] }
      type Product @key(fields: "upc") { upc: String!  name: String  price: Int  weight: Int }`,
      {
        Query: { topProducts: (_: unknown, { first }: { first: number }) => PRODUCTS.slice(0, first) },
        Product: { __resolveReference: (ref: { upc: string }) => productsByUpc.get(ref.upc) ?? null },
      },
    ),
    subgraph(
      'reviews',
      `${LINK}, import: ["@key", "@external", "@provides"])
      type Review @key(fields: "id") { id: ID!  body: String  product: Product  author: User @provides(fields: "username") }
      type User @key(fields: "id") { id: ID!  username: String @external  reviews: [Review] }
      type Product @key(fields: "upc") { upc: String!  reviews: [Review] }`,
      {
        Review: {
          __resolveReference: (ref: { id: string }) => reviewsById.get(ref.id) ?? null,
          product: (r: Review) => ({ upc: r.productUpc }),
          author: () => ({ id: AUTHOR.id, username: AUTHOR.username }),
        },
        User: {
          __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
          reviews: () => USER_REVIEWS,
        },
        Product: {
          __resolveReference: (ref: { upc: string }) => ({ upc: ref.upc }),
          reviews: (p: { upc: string }) => REVIEWS.filter((r) => r.productUpc === p.upc),
        },
      },
    ),
  ];
}

/** The nested query of the public workload (issue 11), with its three fragments. */
export const PUBLIC_QUERY = `fragment User on User { id username name }
fragment Review on Review { id body }
fragment Product on Product { inStock name price shippingEstimate upc weight }
query TestQuery {
  users { ...User reviews { ...Review product { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } } } }
  topProducts { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } }
}`;
