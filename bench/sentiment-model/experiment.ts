/**
 * Round 5 experiment (subgraphs/sentiment/core/QUALITY.md): does a supervised model learnt from our
 * own hand-written labelled corpus (subgraphs/sentiment/core/fixtures/news-corpus/) add to the rules?
 *
 * A multinomial logistic regression over words, word pairs and negation marks (./features.ts) plus
 * the rules' compound score (./train.ts) is fitted on the corpus' EVEN rows; the final score blends
 * it with the rules: alpha × (P(positive) − P(negative)) + (1 − alpha) × compound, through the API's
 * ±0.2 thresholds. Reported on the corpus' ODD rows (same writers, same conventions: in-domain) and
 * on the EVEN rows of the Financial PhraseBank dev set (another domain; the rules were tuned on
 * those rows, so they flatter the rules). The PhraseBank odd rows are not read here.
 *
 * Run: npx tsx bench/sentiment-model/experiment.ts [--train news|nordic|both|<file.csv>] [--eval <file.csv>]
 *        [--labels 0=negative,1=positive,2=neutral] [--without-rules]
 * A CSV given to --train is used whole (round 6: the Twitter Financial News set's training file); one
 * given to --eval is reported as a further held-out set (its validation file); --labels names their classes.
 * Findings (2026-11-27, with the rules as they stood at the start of round 5): trained on the news corpus' even rows, +0.03 in-domain (0.725 → 0.756 at
 * lambda 1e-4, alpha 0.5) and −0.02 to −0.24 on PhraseBank even for every setting. Trained on
 * fixtures/nordic-releases/ (2,478 sentences written in the style of Nordic exchange releases, PhraseBank's own
 * style, with its label mix), the words-only model reaches 0.51–0.55 on PhraseBank even (0.45 from
 * the news corpus): matching the style helps a little, but a few thousand written sentences do not
 * teach PhraseBank's annotators' conventions. Nothing is wired into scoring.
 * Round 6 (2026-11-27): trained on the 9,543 human-labelled tweets and headlines of the Twitter
 * Financial News set's training file, the blend reaches 0.72–0.77 on its validation file (rules
 * alone 0.671) but costs PhraseBank even 0.02–0.23 and our corpus 0.01–0.16 for every setting: one
 * set's annotation conventions again. Not wired.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  classOf,
  compound,
  evaluate,
  labelFor,
  parseLabelledCsv,
  type LabelledText,
} from '../../subgraphs/sentiment/core';
import { takeLabelNames } from '../lib/label-names';
import { classify, type LinearModel } from './classifier';
import { textFeatures } from './features';
import { trainModel } from './train';

const REPO = path.resolve(__dirname, '../..');
const CORPUS = path.join(REPO, 'subgraphs/sentiment/core/fixtures/news-corpus');
const DEV = path.resolve(REPO, '../shared/data/sentiment-dev.csv');
// Nordic-release-style sentences written for this experiment (all rows are training rows).
const NORDIC = path.join(REPO, 'subgraphs/sentiment/core/fixtures/nordic-releases');
const LAMBDAS = [3e-5, 1e-4, 3e-4, 1e-3, 3e-3];
const ALPHAS = [0, 0.25, 0.5, 0.75, 1];

interface Prepared {
  features: string[];
  rule: number;
  label: LabelledText['label'];
}

// --without-rules: the model sees words only (its PhraseBank figure is then untouched by the rules'
// tuning on those rows); --train news|nordic|both picks the training rows.
const args = process.argv.slice(2);
const labelNames = takeLabelNames(args);
const withRules = !args.includes('--without-rules');
const trainOn = args.includes('--train') ? (args[args.indexOf('--train') + 1] ?? 'news') : 'news';
const evalFile = args.includes('--eval') ? args[args.indexOf('--eval') + 1] : undefined;
const trainFile = trainOn.endsWith('.csv') ? trainOn : undefined;
const readCsv = (file: string) => parseLabelledCsv(readFileSync(file, 'utf8'), labelNames);

const prepare = (rows: LabelledText[]): Prepared[] =>
  rows.map((r) => ({
    features: textFeatures(r.text),
    rule: compound(r.text),
    label: r.label,
  }));

const readDir = (dir: string): LabelledText[][] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => parseLabelledCsv(readFileSync(path.join(dir, f), 'utf8')));

function macroF1(model: LinearModel, rows: Prepared[], alpha: number): number {
  const predicted = rows.map((r) => {
    const p = classify(model, r.features, withRules ? r.rule : 0);
    return classOf(labelFor(alpha * (p.positive - p.negative) + (1 - alpha) * r.rule));
  });
  return evaluate(
    rows.map((r) => r.label),
    predicted,
  ).macroF1;
}

function main(): void {
  const train: LabelledText[] = trainFile ? readCsv(trainFile) : [];
  const heldOut: LabelledText[] = [];
  const corpusTrains = trainOn === 'news' || trainOn === 'both';
  for (const rows of readDir(CORPUS))
    rows.forEach((r, i) => (i % 2 === 0 && corpusTrains ? train : heldOut).push(r));
  if (trainOn === 'nordic' || trainOn === 'both') for (const rows of readDir(NORDIC)) train.push(...rows);
  const sets: Record<string, Prepared[]> = { [corpusTrains ? 'corpus odd' : 'corpus all']: prepare(heldOut) };
  if (evalFile) sets[path.basename(evalFile)] = prepare(readCsv(evalFile));
  try {
    const even = parseLabelledCsv(readFileSync(DEV, 'utf8')).filter((_, i) => i % 2 === 0);
    sets['PhraseBank even'] = prepare(even);
  } catch {
    console.log(`skipped ${DEV}: not found`);
  }
  const rows = prepare(train).map((r) => (withRules ? r : { ...r, rule: 0 }));
  console.log(
    `trained on ${rows.length} rows (${trainOn}, rules ${withRules ? 'in' : 'out'}); alpha 0 = the rules alone`,
  );
  console.log(['lambda', 'alpha', ...Object.keys(sets)].map((h) => h.padEnd(18)).join(''));
  for (const lambda of LAMBDAS) {
    const model = trainModel(rows, { lambda, iterations: 400 });
    for (const alpha of ALPHAS) {
      const cells = Object.values(sets).map((s) => macroF1(model, s, alpha).toFixed(4));
      console.log([String(lambda), String(alpha), ...cells].map((c) => c.padEnd(18)).join(''));
    }
  }
}

main();
