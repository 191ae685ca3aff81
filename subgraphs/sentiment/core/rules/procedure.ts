/**
 * Corporate procedure and business won: a company's own shareholders or board approving something is
 * routine, and an approval still sought or only possible ("could approve") has not happened (both
 * weigh nothing), while a regulator's approval keeps its weight; orders, contracts, permits and
 * licences received or obtained are business won (ORDER_WON).
 */
import { PUNCT } from '../tokenize';
import { isBoundary } from './clauses';
import { SRC_NEWS } from './sources';
import type { ScoringState } from './state';

const APPROVALS = new Set(['approve', 'approves', 'approved', 'approval', 'approvals']);
// Who approves as a matter of routine: a company's own shareholders and governing bodies.
const PROCEDURAL = new Set([
  'shareholders',
  'shareholder',
  'stockholders',
  'stockholder',
  'unitholders',
  'holders',
  'agm',
  'egm',
  'meeting',
  'board',
  'bondholders',
]);
// Approval asked for, not yet given: "applied for approval", "subject to approval".
const PENDING = new Set([
  'for',
  'seek',
  'seeks',
  'sought',
  'seeking',
  'pending',
  'awaiting',
  'awaits',
  'await',
  'subject',
  'needs',
  'requires',
  'require',
  // not given yet: "Congress could approve", "the approval may take months"
  'could',
  'may',
  'might',
]);
const WON = new Set([
  'win',
  'wins',
  'won',
  'winning',
  'receive',
  'receives',
  'received',
  'gets',
  'got',
  'secures',
  'secured',
  'obtains',
  'obtained',
  'gains',
  'gained',
]);
// A supplier's news: "received an order", "books orders", "bagged a contract"; and a permit or
// licence obtained: "obtained its environmental permit", "was granted a banking licence".
const RECEIVERS = new Set([
  'received',
  'receives',
  'receiving',
  'books',
  'booked',
  'bags',
  'bagged',
  'obtains',
  'obtained',
  'granted',
]);
// Permits and licences, and a bank or trust charter ("obtained a national trust charter").
const LICENCES = new Set(['permit', 'permits', 'licence', 'licences', 'license', 'licenses', 'charter']);
const ORDERS = new Set(['order', 'orders', 'contract', 'contracts', 'concession', ...LICENCES]);
// A licence issued to a firm is one obtained ("the regulator issued a full licence to the exchange");
// an order or contract issued is not business won ("the court issued an order").
const ISSUERS = new Set(['issued', 'issues', 'issuing']);
const ORDER_WON = 1.4;

/**
 * A company's own shareholders or board approving a dividend, a share issue or a deal is procedure,
 * not news, and an approval still being sought has not happened: both say nothing. A regulator's
 * approval ("SEC approves ETFs") keeps its weight. Orders and contracts received are business won.
 */
export function procedureAndOrders(s: ScoringState): void {
  const { lower, kind, state, val, src } = s;
  const n = lower.length;
  for (let i = 0; i < n; i++) {
    const w = lower[i] as string;
    if (APPROVALS.has(w) && state[i] === 1 && (val[i] as number) > 0) {
      // ... also over one qualifier after "to"/"for": "subject to regulatory approval".
      let routine =
        PENDING.has(lower[i - 1] as string) ||
        PENDING.has(lower[i - 2] as string) ||
        ((lower[i - 2] === 'to' || lower[i - 2] === 'for') && PENDING.has(lower[i - 3] as string));
      let won = false;
      for (let j = Math.max(0, i - 4); j < n && j <= i + 5 && !routine; j++) {
        if (j !== i && isBoundary(lower[j] as string, kind[j] as number)) {
          if (j < i) continue;
          break;
        }
        if (PROCEDURAL.has(lower[j] as string)) routine = true;
      }
      for (let j = Math.max(0, i - 3); j < i; j++) if (WON.has(lower[j] as string)) won = true;
      if (routine && !won) val[i] = 0;
    } else if (RECEIVERS.has(w) || ISSUERS.has(w)) {
      const objects = ISSUERS.has(w) ? LICENCES : ORDERS;
      for (let j = i + 1; j < n && j <= i + 4; j++) {
        const x = lower[j] as string;
        if (objects.has(x)) {
          if (state[i] === 0) {
            val[i] = ORDER_WON;
            state[i] = 1;
            src[i] = SRC_NEWS;
          }
          break;
        }
        if (kind[j] === PUNCT) break;
      }
    }
  }
}
