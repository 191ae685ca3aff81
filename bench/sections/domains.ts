// The domain benchmarks other issues own (bench/<domain>.bench.ts): run each as its own process,
// bounded in time, then read the results file it writes.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { NodeChild, REPO } from '../lib/proc';

export const DOMAINS = ['market-data', 'analytics', 'sentiment'] as const;
export type Domain = (typeof DOMAINS)[number];

export interface DomainRun {
  domain: Domain;
  ran: boolean;
  seconds?: number;
  error?: string;
  resultsFile: string;
  /** The date inside the results file (when it was produced). */
  resultsDate?: string;
}

export async function runDomains(
  domains: readonly Domain[],
  timeoutS: number,
  log: (s: string) => void,
): Promise<DomainRun[]> {
  const runs: DomainRun[] = [];
  for (const domain of domains) {
    const file = path.join(REPO, 'bench', `${domain}.bench.ts`);
    const resultsFile = path.join(REPO, 'bench/results', `${domain}.json`);
    const rel = path.relative(REPO, resultsFile);
    if (!existsSync(file)) {
      runs.push({
        domain,
        ran: false,
        error: `${path.relative(REPO, file)} does not exist yet`,
        resultsFile: rel,
      });
      continue;
    }
    log(`  ${domain}`);
    const started = Date.now();
    const child = new NodeChild(domain, file);
    const exited = new Promise<number | null>((resolve) => child.proc.once('exit', (code) => resolve(code)));
    const timer = setTimeout(() => void child.stop(2000), timeoutS * 1000);
    const code = await exited;
    clearTimeout(timer);
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    const fresh = existsSync(resultsFile) && statSync(resultsFile).mtimeMs >= started;
    const date = existsSync(resultsFile)
      ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as { date?: string }).date
      : undefined;
    if (code !== 0 || !fresh) {
      const error =
        seconds >= timeoutS
          ? `stopped after the ${timeoutS} s bound`
          : `exited with ${code}: ${child.recentOutput.slice(-1500)}`;
      runs.push({ domain, ran: false, seconds, error, resultsFile: rel, resultsDate: date });
      log(`    ${domain} failed (${error.split('\n')[0]}); the table shows the previous results, dated`);
    } else runs.push({ domain, ran: true, seconds, resultsFile: rel, resultsDate: date });
  }
  return runs;
}
