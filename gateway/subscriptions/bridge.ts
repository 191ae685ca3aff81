import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import {
  execute,
  GraphQLError,
  Kind,
  print,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values';
import type { AuthUser } from '../../lib/auth';
import {
  ALL_TOPICS,
  type ConsumerHandle,
  type EventBus,
  type MessageMeta,
  type PriceUpdate,
  type TopicName,
} from '../../lib/events';
import type { Logger } from '../../lib/logger';
import { BoundedStream, type StreamSink } from './stream';
import { buildHydrationQuery, collectFieldSelections, fragmentsOf, touchesPrivateData } from './selection';
import { SUBSCRIPTION_SPECS, type SubscriptionSpec } from './specs';

/** Runs a query through the gateway's own executor with the given credentials. */
export type GraphExecutor = (
  query: string,
  variables: Record<string, unknown>,
  authorization: string | null,
) => Promise<ExecutionResult>;

export interface Subscriber {
  user: AuthUser | null;
  authorization: string | null;
  /** Called when this subscriber's stream stalls (it stopped reading): the transport closes it. */
  onStall?: () => void;
  /**
   * Writes results straight to the transport (the WebSocket fast path); the returned iterator
   * then yields nothing and only ends. Every member of a group is handed the same result object
   * per event, so a sink can serialise it once for all of them.
   */
  sink?: StreamSink<ExecutionResult>;
}

/** What the bridge reports as it works (Prometheus counters in the gateway). */
export interface BridgeHooks {
  eventReceived?(topic: TopicName, meta: MessageMeta, event: unknown): void;
  fannedOut?(topic: TopicName, results: number): void;
  hydration?(subscription: string): void;
  dropped?(): void;
}

export interface BridgeOptions {
  /** Results queued per subscription before the oldest are dropped. */
  bufferSize?: number;
  /** A full buffer with no read for this long means the client is stuck: `onStall` fires. */
  stallTimeoutMs?: number;
  /** Market subscriptions without a token (DESIGN.md: public by default). */
  allowAnonymousMarket?: boolean;
  /**
   * Events of one key that may wait, in order, behind the one being fanned out (default 8);
   * beyond that, prices and scores merge into the newest waiting one. Short bursts are all
   * delivered; a key that keeps falling behind delivers its latest value instead of a backlog.
   */
  coalesceAfter?: number;
  /** How long `start()` waits for the consumers before serving without them (they keep trying). */
  startTimeoutMs?: number;
  hooks?: BridgeHooks;
}

interface Group {
  key: string;
  spec: SubscriptionSpec<unknown>;
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables: Record<string, unknown>;
  rootField: string;
  args: Record<string, unknown>;
  hydrationQuery: string | null;
  hydrationVariables: Record<string, unknown>;
  scope: string;
  routes: string[];
  members: Set<Member>;
}

interface Member {
  subscriber: Subscriber;
  stream: BoundedStream<ExecutionResult>;
  expiry?: NodeJS.Timeout;
}

export interface BridgeStats {
  subscriptions: number;
  groups: number;
  eventsReceived: number;
  eventsFannedOut: number;
  hydrations: number;
  duplicatesDropped: number;
  /** Events merged into a newer one of the same key while that key was still being fanned out. */
  eventsCoalesced: number;
  /** Updates skipped for slow subscribers, over open subscriptions. */
  dropped: number;
  /** Results waiting in subscription buffers right now, and the fullest buffer. */
  queued: number;
  maxQueued: number;
  /** Topics whose consumer is running. */
  consuming: TopicName[];
}

// Response keys first: hydrated data is keyed by the subscriber's aliases, payload fields by name.
const responseKeyResolver: GraphQLFieldResolver<unknown, unknown> = (source, _args, _ctx, info) => {
  if (source === null || typeof source !== 'object') return undefined;
  const record = source as Record<string, unknown>;
  return info.path.key in record ? record[info.path.key as string] : record[info.fieldName];
};

const SPECS_BY_TOPIC = new Map<TopicName, SubscriptionSpec<unknown>[]>();
for (const spec of Object.values(SUBSCRIPTION_SPECS) as SubscriptionSpec<unknown>[]) {
  SPECS_BY_TOPIC.set(spec.topic, [...(SPECS_BY_TOPIC.get(spec.topic) ?? []), spec]);
}

/**
 * How a topic's queued events merge when its key falls behind, or none: then every event is
 * fanned out in order. Prices: the latest wins, and `high`/`low` (the extremes since the previous
 * event, DESIGN.md) widen to cover the merged ones, so no spike is hidden. Portfolio events each
 * mean something (a transaction, an alert) and are never merged.
 */
const COALESCE: Partial<Record<TopicName, (older: never, newer: never) => unknown>> = {
  price_updates: (older: PriceUpdate, newer: PriceUpdate): PriceUpdate => ({
    ...newer,
    high: Decimal.max(older.high, newer.high).toString(),
    low: Decimal.min(older.low, newer.low).toString(),
  }),
  // A score is a snapshot of its window: the latest one replaces the older.
  sentiment_scores: (_older: unknown, newer: unknown) => newer,
};

/** The events of one routing key (a coin, a portfolio): fanned out one at a time, in order. */
interface Lane {
  queue: { id: string }[];
}

class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}
  /** True when the id was seen recently (a redelivery). */
  seen(id: string): boolean {
    if (this.ids.has(id)) return true;
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
    return false;
  }
}

/**
 * Federated subscriptions over Kafka (DESIGN.md): one broadcast consumer per topic per replica,
 * in-memory fan-out by arguments, and per-event hydration of fields owned by other subgraphs
 * through the gateway's executor, shared by subscribers with the same selection and scope.
 */
export class SubscriptionBridge {
  private readonly groups = new Map<string, Group>();
  private readonly index = new Map<TopicName, Map<string, Set<Group>>>();
  private readonly recent = new Map<TopicName, RecentIds>();
  private readonly consumers = new Map<TopicName, ConsumerHandle>();
  private readonly counters = {
    eventsReceived: 0,
    eventsFannedOut: 0,
    hydrations: 0,
    duplicatesDropped: 0,
    eventsCoalesced: 0,
  };
  /** Keys with an event being fanned out; their later events wait (or merge) here. */
  private readonly lanes = new Map<string, Lane>();
  private readonly bufferSize: number;
  private closed = false;
  private readonly retryTimers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly bus: EventBus,
    private readonly executor: GraphExecutor,
    private readonly log: Logger,
    private readonly options: BridgeOptions = {},
  ) {
    this.bufferSize = options.bufferSize ?? 64;
  }

  /**
   * Starts one broadcast consumer per topic. A Kafka outage at start does not stop the gateway:
   * after `startTimeoutMs` it serves (subscriptions connect and wait) while each consumer keeps
   * retrying in the background, and events flow as soon as one joins.
   */
  async start(): Promise<void> {
    const attempts = ALL_TOPICS.map((topic) => {
      this.recent.set(topic, new RecentIds(10_000));
      return this.consume(topic, 1000);
    });
    const timeout = this.options.startTimeoutMs ?? 15_000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(attempts),
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          this.log.warn(
            { timeoutMs: timeout },
            'event consumers not ready yet; serving and retrying in the background',
          );
          resolve();
        }, timeout);
      }),
    ]);
    clearTimeout(timer);
  }

  private async consume(topic: TopicName, delayMs: number): Promise<void> {
    try {
      const handle = await this.bus.subscribe({
        topic,
        mode: 'broadcast',
        group: `gateway-${topic}`,
        maxAttempts: 1,
        handler: async (event, meta) => this.receive(topic, event as { id: string }, meta),
      });
      if (this.closed) return void (await handle.stop());
      this.consumers.set(topic, handle);
    } catch (err) {
      if (this.closed) return;
      this.log.warn(
        { topic, err: (err as Error).message, retryInMs: delayMs },
        'event consumer failed to start; retrying',
      );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.retryTimers.delete(timer);
          resolve();
        }, delayMs);
        this.retryTimers.add(timer);
      });
      if (!this.closed) return this.consume(topic, Math.min(delayMs * 2, 30_000));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    await Promise.allSettled([...this.consumers.values()].map((c) => c.stop()));
    this.consumers.clear();
    for (const group of this.groups.values()) for (const m of group.members) m.stream.end();
    this.groups.clear();
    this.index.clear();
  }

  stats(): BridgeStats {
    let subscriptions = 0;
    let dropped = 0;
    let queued = 0;
    let maxQueued = 0;
    for (const g of this.groups.values()) {
      subscriptions += g.members.size;
      for (const m of g.members) {
        dropped += m.stream.dropped;
        queued += m.stream.size;
        maxQueued = Math.max(maxQueued, m.stream.size);
      }
    }
    return {
      subscriptions,
      groups: this.groups.size,
      dropped,
      queued,
      maxQueued,
      consuming: [...this.consumers.keys()],
      ...this.counters,
    };
  }

  /** graphql-ws `subscribe`: validates access, joins (or creates) the subscriber's group. */
  async subscribe(
    args: ExecutionArgs,
    subscriber: Subscriber,
  ): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const operation = args.document.definitions.find(
      (d): d is OperationDefinitionNode =>
        d.kind === Kind.OPERATION_DEFINITION && (!args.operationName || d.name?.value === args.operationName),
    );
    const field = operation?.selectionSet.selections[0];
    if (!operation || operation.operation !== 'subscription' || !field || field.kind !== Kind.FIELD) {
      return {
        errors: [
          new GraphQLError('Expected a subscription with one root field', {
            extensions: { code: 'BAD_USER_INPUT' },
          }),
        ],
      };
    }
    const rootField = field.name.value;
    const spec = SUBSCRIPTION_SPECS[rootField] as SubscriptionSpec<unknown> | undefined;
    const fieldDef = args.schema.getSubscriptionType()?.getFields()[rootField];
    if (!spec || !fieldDef) {
      return {
        errors: [
          new GraphQLError(`Unknown subscription ${rootField}`, { extensions: { code: 'BAD_USER_INPUT' } }),
        ],
      };
    }
    if (spec.requiresAuth || !(this.options.allowAnonymousMarket ?? true)) {
      if (!subscriber.user)
        return {
          errors: [new GraphQLError('You must be signed in', { extensions: { code: 'UNAUTHENTICATED' } })],
        };
    }
    const variables = (args.variableValues ?? {}) as Record<string, unknown>;
    let fieldArgs: Record<string, unknown>;
    try {
      fieldArgs = getArgumentValues(fieldDef, field as FieldNode, variables);
    } catch (err) {
      return {
        errors: [new GraphQLError((err as Error).message, { extensions: { code: 'BAD_USER_INPUT' } })],
      };
    }
    if (spec.authorize) {
      const check = spec.authorize(fieldArgs);
      const result = await this.executor(check.query, check.variables, subscriber.authorization);
      if (result.errors?.length || !result.data) {
        const first = result.errors?.[0];
        return {
          errors: [
            new GraphQLError(first?.message ?? 'Not found', {
              extensions: { code: first?.extensions?.code ?? 'NOT_FOUND' },
            }),
          ],
        };
      }
    }

    const isPrivate = spec.requiresAuth || touchesPrivateData(args.schema, args.document);
    if (isPrivate && !subscriber.user) {
      return {
        errors: [
          new GraphQLError('You must be signed in to select private data', {
            extensions: { code: 'UNAUTHENTICATED' },
          }),
        ],
      };
    }
    const scope = isPrivate ? `user:${subscriber.user!.id}` : 'public';
    const group = this.joinGroup(
      args,
      operation,
      field as FieldNode,
      rootField,
      spec,
      fieldArgs,
      variables,
      scope,
    );
    const member: Member = {
      subscriber,
      stream: new BoundedStream<ExecutionResult>({
        capacity: this.bufferSize,
        onReturn: () => this.leave(group, member),
        onStall: subscriber.onStall,
        onDrop: this.options.hooks?.dropped,
        stallTimeoutMs: this.options.stallTimeoutMs,
        sink: subscriber.sink,
      }),
    };
    if (isPrivate && subscriber.user) {
      // Private data stops with the token that authorised it; public data needs no token.
      const ms = subscriber.user.exp * 1000 - Date.now();
      member.expiry = setTimeout(
        () => {
          member.stream.push({ errors: [tokenExpiredError()] });
          member.stream.end();
        },
        Math.max(0, Math.min(ms, 2_147_000_000)),
      );
      member.expiry.unref();
    }
    group.members.add(member);
    return member.stream;
  }

  private joinGroup(
    args: ExecutionArgs,
    operation: OperationDefinitionNode,
    field: FieldNode,
    rootField: string,
    spec: SubscriptionSpec<unknown>,
    fieldArgs: Record<string, unknown>,
    variables: Record<string, unknown>,
    scope: string,
  ): Group {
    const key = JSON.stringify([print(args.document), args.operationName ?? null, variables, scope]);
    const existing = this.groups.get(key);
    if (existing) return existing;
    const fragments = fragmentsOf(args.document);
    const selections =
      spec.entity.field === null
        ? [...(field.selectionSet?.selections ?? [])]
        : collectFieldSelections(field.selectionSet!, spec.entity.field, fragments);
    const hydrationQuery = selections.length
      ? buildHydrationQuery(spec.entity.query, selections, operation, fragments)
      : null;
    const group: Group = {
      key,
      spec,
      schema: args.schema,
      document: args.document,
      operationName: args.operationName,
      variables,
      rootField,
      args: fieldArgs,
      hydrationQuery,
      hydrationVariables: variables,
      scope,
      routes: spec.routesFor(
        fieldArgs,
        scope === 'public' ? null : ({ id: scope.slice('user:'.length) } as AuthUser),
      ),
      members: new Set(),
    };
    this.groups.set(key, group);
    const byRoute = this.index.get(spec.topic) ?? new Map<string, Set<Group>>();
    this.index.set(spec.topic, byRoute);
    for (const route of group.routes) {
      const set = byRoute.get(route) ?? new Set<Group>();
      set.add(group);
      byRoute.set(route, set);
    }
    return group;
  }

  private leave(group: Group, member: Member) {
    clearTimeout(member.expiry);
    group.members.delete(member);
    if (group.members.size) return;
    this.groups.delete(group.key);
    const byRoute = this.index.get(group.spec.topic);
    for (const route of group.routes) {
      const set = byRoute?.get(route);
      set?.delete(group);
      if (set && !set.size) byRoute!.delete(route);
    }
  }

  /**
   * One Kafka event. The consumer does not wait for its fan-out: keys (coins, portfolios) are
   * fanned out concurrently, each key's events in order; while a key's previous event is still
   * being hydrated and sent, its next ones queue, and beyond `coalesceAfter` prices and scores
   * merge into the latest (COALESCE). Waiting here instead held every partition behind one event's hydration and
   * fan-out, and at 10,000 subscribers the backlog grew without bound (issue 11).
   */
  private receive(topic: TopicName, event: { id: string }, meta: MessageMeta): void {
    this.counters.eventsReceived++;
    this.options.hooks?.eventReceived?.(topic, meta, event);
    if (this.recent.get(topic)?.seen(event.id)) {
      this.counters.duplicatesDropped++;
      return;
    }
    const spec = SPECS_BY_TOPIC.get(topic)?.[0];
    const key = `${topic}\u0000${spec ? spec.routeOf(event as never) : ''}`;
    const lane = this.lanes.get(key);
    if (!lane) {
      const fresh: Lane = { queue: [] };
      this.lanes.set(key, fresh);
      void this.drain(topic, key, fresh, event);
      return;
    }
    const merge = COALESCE[topic];
    const last = lane.queue.length - 1;
    if (merge && last >= 0 && lane.queue.length >= (this.options.coalesceAfter ?? 8)) {
      lane.queue[last] = merge(lane.queue[last] as never, event as never) as { id: string };
      this.counters.eventsCoalesced++;
    } else lane.queue.push(event);
  }

  private async drain(topic: TopicName, key: string, lane: Lane, first: { id: string }): Promise<void> {
    for (let event: { id: string } | undefined = first; event; event = lane.queue.shift()) {
      try {
        await this.dispatch(topic, event);
      } catch (err) {
        this.log.error({ topic, err: (err as Error).message }, 'event fan-out failed');
      }
    }
    this.lanes.delete(key);
  }

  /** Finds the groups an event concerns, computes each group's result once, fans out. */
  private async dispatch(topic: TopicName, event: { id: string }): Promise<void> {
    const byRoute = this.index.get(topic);
    if (!byRoute) return;
    const candidates = new Set<Group>();
    for (const spec of SPECS_BY_TOPIC.get(topic) ?? []) {
      for (const route of [spec.routeOf(event), '*'])
        for (const g of byRoute.get(route) ?? []) candidates.add(g);
    }
    const hydrations = new Map<string, Promise<ExecutionResult>>();
    await Promise.all(
      [...candidates].map(async (group) => {
        const anyMember = group.members.values().next().value as Member | undefined;
        if (!anyMember || !group.spec.matches(event, group.args, anyMember.subscriber.user)) return;
        const result = await this.resultFor(group, event, anyMember.subscriber, hydrations);
        for (const member of group.members) member.stream.push(result);
        this.counters.eventsFannedOut += group.members.size;
        this.options.hooks?.fannedOut?.(topic, group.members.size);
      }),
    );
  }

  private async resultFor(
    group: Group,
    event: unknown,
    subscriber: Subscriber,
    hydrations: Map<string, Promise<ExecutionResult>>,
  ): Promise<ExecutionResult> {
    const payload: Record<string, unknown> = group.spec.payload(event);
    const errors: GraphQLError[] = [];
    if (group.hydrationQuery) {
      const id = group.spec.entity.idOf(event);
      const authorization = group.scope === 'public' ? null : subscriber.authorization;
      const variables = { ...group.hydrationVariables, __id: id };
      const key = JSON.stringify([group.hydrationQuery, variables, group.scope]);
      let pending = hydrations.get(key);
      if (!pending) {
        this.counters.hydrations++;
        this.options.hooks?.hydration?.(group.rootField);
        pending =
          id === undefined
            ? Promise.resolve({ data: { __entity: null } })
            : this.executor(group.hydrationQuery, variables, authorization);
        hydrations.set(key, pending);
      }
      const hydrated = await pending.catch(
        (err: Error) => ({ errors: [new GraphQLError(err.message)] }) as ExecutionResult,
      );
      const entity = (hydrated.data as { __entity?: unknown } | null | undefined)?.__entity ?? null;
      for (const e of hydrated.errors ?? []) {
        errors.push(
          new GraphQLError(e.message, {
            extensions: { ...e.extensions, code: e.extensions?.code ?? 'UPSTREAM_UNAVAILABLE' },
          }),
        );
      }
      if (group.spec.entity.field === null) Object.assign(payload, entity ?? {});
      else payload[group.spec.entity.field] = entity;
      if (group.spec.entity.field === null && entity === null) {
        return {
          errors: errors.length
            ? errors
            : [new GraphQLError('Not found', { extensions: { code: 'NOT_FOUND' } })],
        };
      }
    }
    const result = (await execute({
      schema: group.schema,
      document: group.document,
      operationName: group.operationName,
      variableValues: group.variables,
      rootValue: { [group.rootField]: payload },
      fieldResolver: responseKeyResolver,
    })) as ExecutionResult;
    return errors.length ? { ...result, errors: [...(result.errors ?? []), ...errors] } : result;
  }
}

export const newEventId = () => randomUUID();

export const tokenExpiredError = () =>
  new GraphQLError('Access token expired; reconnect with a fresh token to keep receiving private data', {
    extensions: { code: 'UNAUTHENTICATED' },
  });
