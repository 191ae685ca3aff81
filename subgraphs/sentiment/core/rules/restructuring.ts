/**
 * A restructuring: cost cuts announced together with closures or job cuts ("to close 80 branches,
 * slash costs", "cuts 500 jobs, slashes costs") are how the savings are made, not extra good news.
 * The bound cost cut then weighs nothing and the closures or job cuts speak for the text.
 */
import { PREMISES } from '../lexicon/finance';
import { NUMBER, PUNCT } from '../tokenize';
import { SRC_BOUND } from './sources';
import type { ScoringState } from './state';

// What a cutback removes: places of business (PREMISES) and the workforce.
const WORKFORCE = new Set([
  'jobs',
  'job',
  'workforce',
  'staff',
  'headcount',
  'personnel',
  'employees',
  'workers',
]);
// What a saving cuts.
const COSTS = new Set(['costs', 'cost', 'expenses', 'expense', 'expenditure', 'expenditures', 'spending']);
// How far after a direction its bound object may sit ("close 82 branches", "slash operating costs").
const OBJECT_REACH = 4;

/** The object a bound down-move at i took, looked up after it: 1 a cutback, 2 a saving, 0 neither. */
function cutKind(s: ScoringState, i: number): number {
  const { lower, kind, state } = s;
  for (let j = i + 1; j < lower.length && j <= i + OBJECT_REACH; j++) {
    if (kind[j] === PUNCT) return 0;
    if (state[j] !== 2 || kind[j] === NUMBER) continue;
    const w = lower[j] as string;
    if (PREMISES.has(w) || WORKFORCE.has(w)) return 1;
    if (COSTS.has(w)) return 2;
  }
  return 0;
}

/** Cost cuts in the same sentence as a closure or job cut weigh nothing (see the module comment). */
export function restructuring(s: ScoringState): void {
  const { lower, kind, entries, val, src } = s;
  const n = lower.length;
  let start = 0;
  for (let i = 0; i <= n; i++) {
    // A sentence ends at ".", "!", "?", ";" or the end of the text.
    if (i < n && !(kind[i] === PUNCT && lower[i] !== ',' && lower[i] !== '%' && lower[i] !== ':')) continue;
    let cutback = false;
    let saving = false;
    for (let j = start; j < i; j++) {
      if (src[j] !== SRC_BOUND || entries[j]?.direction?.dir !== -1) continue;
      const k = cutKind(s, j);
      if (k === 1 && (val[j] as number) < 0) cutback = true;
      else if (k === 2 && (val[j] as number) > 0) saving = true;
    }
    if (cutback && saving) {
      for (let j = start; j < i; j++) {
        if (src[j] === SRC_BOUND && (val[j] as number) > 0 && cutKind(s, j) === 2) val[j] = 0;
      }
    }
    start = i + 1;
  }
}
