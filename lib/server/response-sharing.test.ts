import type { IncomingMessage } from 'node:http';
import { isShareable, ResponseSharing, type FinishedResponse } from './response-sharing';

const QUERY = '{ value }';

/** The parts of a request the key reads: method, URL and the headers as received. */
function request(headers: Record<string, string> = {}, method = 'POST', url = '/graphql') {
  const rawHeaders = Object.entries({ 'Content-Type': 'application/json', ...headers }).flat();
  return { method, url, rawHeaders } as unknown as IncomingMessage;
}

function keyOf(sharing: ResponseSharing, body: Record<string, unknown>, headers?: Record<string, string>) {
  return sharing.keyOf(request(headers), JSON.stringify(body));
}

/** What `handleGraphQL` does: follow one in flight, or lead once the body is parsed. */
function arrive(sharing: ResponseSharing, body: Record<string, unknown>, req = request()) {
  const found = sharing.follow(req, JSON.stringify(body));
  if (!found || 'wait' in found) return found;
  return { lead: sharing.lead(found.key, body) };
}

/** Whether a request alone would lead others (it is settled again at once). */
function wouldLead(sharing: ResponseSharing, body: Record<string, unknown>) {
  const arrived = arrive(sharing, body);
  if (!arrived || !('lead' in arrived) || !arrived.lead) return false;
  arrived.lead(null);
  return true;
}

const answer = (text = '{"data":{"value":"v"}}\n'): FinishedResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(text),
});

describe('ResponseSharing.keyOf', () => {
  const sharing = new ResponseSharing({ ignoredHeaders: ['x-forwarded-for'] });

  it('gives identical requests one key, whatever their request ids, tracing or connection headers', () => {
    const a = keyOf(sharing, { query: QUERY }, { 'X-Request-Id': 'a', traceparent: '00-1-2-01' });
    const b = keyOf(
      sharing,
      { query: QUERY },
      { 'X-Request-Id': 'b', 'User-Agent': 'curl', Connection: 'close' },
    );
    expect(a).not.toBeNull();
    expect(a).toBe(b);
  });

  it('keeps apart different credentials, and no credentials from some', () => {
    const anonymous = keyOf(sharing, { query: QUERY });
    const alice = keyOf(sharing, { query: QUERY }, { Authorization: 'Bearer alice' });
    const bob = keyOf(sharing, { query: QUERY }, { Authorization: 'Bearer bob' });
    const cookie = keyOf(sharing, { query: QUERY }, { Cookie: 'session=1' });
    expect(new Set([anonymous, alice, bob, cookie]).size).toBe(4);
  });

  it('keeps apart any header it is not told to ignore (Accept changes the content type, Host a virtual host)', () => {
    expect(keyOf(sharing, { query: QUERY }, { Accept: 'application/json' })).not.toBe(
      keyOf(sharing, { query: QUERY }, { Accept: 'application/graphql-response+json' }),
    );
    expect(keyOf(sharing, { query: QUERY }, { Host: 'a.example' })).not.toBe(
      keyOf(sharing, { query: QUERY }, { Host: 'b.example' }),
    );
    expect(keyOf(sharing, { query: QUERY }, { 'X-Forwarded-For': '1.2.3.4' })).toBe(
      keyOf(sharing, { query: QUERY }, { 'X-Forwarded-For': '5.6.7.8' }),
    );
  });

  it('keeps apart different variables, operation names, extensions and URLs', () => {
    const doc = 'query A($n: Int) { value(n: $n) } query B { value }';
    const keys = [
      keyOf(sharing, { query: doc, operationName: 'A', variables: { n: 1 } }),
      keyOf(sharing, { query: doc, operationName: 'A', variables: { n: 2 } }),
      keyOf(sharing, { query: doc, operationName: 'B' }),
      keyOf(sharing, { query: doc, operationName: 'B', extensions: { x: 1 } }),
      sharing.keyOf(request({}, 'POST', '/?x=1'), JSON.stringify({ query: QUERY })),
      keyOf(sharing, { query: QUERY }),
    ];
    expect(keys.every((k) => k !== null)).toBe(true);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has no key for other methods than POST', () => {
    expect(sharing.keyOf(request({}, 'GET', `/?query=${QUERY}`), '')).toBeNull();
  });
});

describe('ResponseSharing.lead: what may share', () => {
  const sharing = new ResponseSharing();

  it('never shares mutations or subscriptions, also when named among queries', () => {
    expect(wouldLead(sharing, { query: QUERY })).toBe(true);
    expect(wouldLead(sharing, { query: 'mutation { bump }' })).toBe(false);
    expect(wouldLead(sharing, { query: 'subscription { ticks }' })).toBe(false);
    const doc = 'query Q { value } mutation M { bump }';
    expect(wouldLead(sharing, { query: doc, operationName: 'M' })).toBe(false);
    expect(wouldLead(sharing, { query: doc, operationName: 'Q' })).toBe(true);
  });

  it('leaves to the ordinary path what it cannot tell is one query', () => {
    const doc = 'query Q { value } query R { value }';
    expect(wouldLead(sharing, { query: doc })).toBe(false); // two operations, none named
    expect(wouldLead(sharing, { query: doc, operationName: 'Nope' })).toBe(false);
    expect(wouldLead(sharing, { query: 'query Q { a } query Q { b }', operationName: 'Q' })).toBe(false);
    expect(wouldLead(sharing, { query: '{ value' })).toBe(false); // does not parse
    expect(wouldLead(sharing, { extensions: { persistedQuery: { version: 1, sha256Hash: 'ab' } } })).toBe(
      false,
    );
    expect(wouldLead(sharing, { query: QUERY, operationName: 7 })).toBe(false);
  });

  it('classifies no document beyond the token limit', () => {
    const limited = new ResponseSharing({ maxTokens: 5 });
    expect(wouldLead(limited, { query: '{ a }' })).toBe(true);
    expect(wouldLead(limited, { query: '{ a b c d e f }' })).toBe(false);
  });

  it('lets nothing follow a request that may not lead', () => {
    const body = { query: 'mutation { bump }' };
    expect(arrive(sharing, body)).toEqual({ lead: null });
    expect(arrive(sharing, body)).toEqual({ lead: null });
    expect(sharing.size).toBe(0);
  });
});

describe('ResponseSharing: first and followers', () => {
  const body = { query: 'query Op { value }', operationName: 'Op' };

  it('hands the answer of the first to those that arrive while it runs', async () => {
    const followers: (string | null)[] = [];
    let answered = 0;
    const sharing = new ResponseSharing({
      follower: ({ operationName }) => {
        followers.push(operationName);
        return () => answered++;
      },
    });
    const first = arrive(sharing, body);
    const second = arrive(sharing, body);
    const other = arrive(sharing, body, request({ authorization: 'Bearer other' }));
    if (!first || !('lead' in first) || !first.lead) throw new Error('the first should lead');
    if (!second || !('wait' in second)) throw new Error('the second should follow');
    if (!other || !('lead' in other) || !other.lead) throw new Error('other credentials lead their own');
    expect(followers).toEqual(['Op']);
    const finished = answer();
    first.lead(finished);
    expect(await second.wait).toBe(finished);
    second.answered?.();
    expect(answered).toBe(1);
    other.lead(null);
    // Nothing is kept once answered: the next identical request executes again.
    expect(sharing.size).toBe(0);
    const next = arrive(sharing, body);
    expect(next && 'lead' in next && next.lead).toBeTruthy();
  });

  it('tells those waiting to run by themselves when the first cannot share', async () => {
    const sharing = new ResponseSharing();
    const first = arrive(sharing, body);
    const second = arrive(sharing, body);
    if (!first || !('lead' in first) || !first.lead || !second || !('wait' in second))
      throw new Error('unexpected roles');
    first.lead(null);
    first.lead(answer()); // a second settle changes nothing
    expect(await second.wait).toBeNull();
  });
});

describe('isShareable', () => {
  const headers = { 'content-type': 'application/json' };
  it('shares a 200 answer with data and no errors', () => {
    expect(isShareable(200, headers, '{"data":{"a":1}}\n')).toBe(true);
  });
  it('does not share errors, other statuses or cookies', () => {
    expect(isShareable(200, headers, '{"errors":[{"message":"x"}],"data":{"a":null}}\n')).toBe(false);
    expect(isShareable(400, headers, '{"data":null}\n')).toBe(false);
    expect(isShareable(200, { ...headers, 'set-cookie': 'a=1' }, '{"data":{"a":1}}\n')).toBe(false);
  });
});
