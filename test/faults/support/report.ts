import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './infra';

/**
 * Records a scenario's measured figures in `.data/reliability/<scenario>.json` (git-ignored), from
 * which RELIABILITY.md's "last run" columns are copied, and prints them on one line.
 */
export function recordFigures(scenario: string, figures: Record<string, unknown>): void {
  const dir = path.join(REPO_ROOT, '.data', 'reliability');
  mkdirSync(dir, { recursive: true });
  const entry = {
    scenario,
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    ...figures,
  };
  writeFileSync(path.join(dir, `${scenario}.json`), `${JSON.stringify(entry, null, 2)}\n`);
  process.stdout.write(`[reliability] ${scenario}: ${JSON.stringify(figures)}\n`);
}
