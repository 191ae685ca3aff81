/**
 * A level that a quantity where less is better reaches, sits at or stays near says the opposite of
 * the level's own word: "jobless claims hit a multi-year low" and "volatility is at a record low" are
 * good news, "inflation hits a record high" and "layoffs hit a record" bad. (A move to the level is
 * echoLevels in ./directions.) A quantity that is or stays plainly high or low says what its polarity
 * says: "the margin has remained high" is good news, "costs stayed high" and "margins are low" bad.
 */
import { NUMBER } from '../tokenize';
import { BE_FORMS } from './clauses';
import { isExtreme } from './directions';
import { wordSet } from './lexicon';
import { isRateOfMetric, metricPolarity } from './polarity';
import type { ScoringState } from './state';

// Verbs of a level reached or held, and "at" ("unemployment at a 50-year low").
const LEVEL_VERBS = wordSet(
  'hit hits hitting reach reaches reached touch touches touched at near nears hovers hovering remains ' +
    'remained stays stayed',
);
// What may sit between the verb and the level: "hit a fresh 10-year low", "at their lowest", "a
// five-year low".
const LEVEL_FILLERS = wordSet(
  'a an the its their fresh at near two three four five six seven eight nine ten eleven twelve several',
);
const LEVEL_REACH = 4;

/** A phrase ending in "record" ("hits a record"): a record of whatever the quantity counts. */
function endsInRecord(lower: string[], state: Uint8Array, j: number): boolean {
  let k = j + 1;
  while (k < lower.length && state[k] === 2) k++;
  return k > j + 1 && lower[k - 1] === 'record';
}

/** Flips the level reached by a quantity of negative polarity (see the module comment). */
export function levelsOfBadQuantities(s: ScoringState): void {
  const { lower, kind, entries, state, val } = s;
  const n = lower.length;
  for (let i = 1; i < n - 1; i++) {
    if (!LEVEL_VERBS.has(lower[i] as string)) continue;
    // The quantity just before the verb, over a form of "be" ("volatility is at a record low").
    const m = BE_FORMS.has(lower[i - 1] as string) ? i - 2 : i - 1;
    if (m < 0 || state[m] === 2) continue;
    if (entries[m]?.metric === undefined && !isRateOfMetric(lower, entries, m)) continue;
    if (!(metricPolarity(lower, entries, m) < 0)) continue;
    // The level may be a phrase that starts with the verb itself ("hits record low").
    for (let j = i; j < n && j <= i + LEVEL_REACH; j++) {
      const w = lower[j] as string;
      if (state[j] === 1 && (isExtreme(lower, state, j) || endsInRecord(lower, state, j))) {
        val[j] = -(val[j] as number);
        break;
      }
      if (j > i && kind[j] !== NUMBER && !LEVEL_FILLERS.has(w)) break;
    }
  }
}

// A quantity that is or stays high or low: "margins remained high", "costs are low".
const STAYS = wordSet('is are was were remain remains remained stay stays stayed');
// "the margin has remained high": the perfect's auxiliary stands between the quantity and the verb.
const PERFECT = wordSet('has have had');
const PLAIN_LEVELS: ReadonlyMap<string, number> = new Map([
  ['high', 1],
  ['low', -1],
]);
// A level held weighs like a small move of the quantity.
const LEVEL_HELD = 1.2;

/** A metric that is or stays high or low (see the module comment), read through its polarity. */
export function levelsHeld(s: ScoringState): void {
  const { lower, entries, state, val } = s;
  const n = lower.length;
  for (let i = 1; i < n - 1; i++) {
    const level = PLAIN_LEVELS.get(lower[i + 1] as string);
    if (level === undefined || !STAYS.has(lower[i] as string) || state[i + 1] === 2) continue;
    const m = PERFECT.has(lower[i - 1] as string) ? i - 2 : i - 1;
    if (m < 0 || state[m] !== 0 || entries[m]?.metric === undefined) continue;
    const p = metricPolarity(lower, entries, m);
    if (p === 0) continue;
    val[i + 1] = level * p * LEVEL_HELD;
    state[i + 1] = 1;
    state[m] = 2;
  }
}
