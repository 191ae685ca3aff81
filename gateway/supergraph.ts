import { readFileSync } from 'node:fs';
import { SUBGRAPHS } from './subgraphs';

/**
 * Loads a supergraph file and applies subgraph URL overrides (`<NAME>_SUBGRAPH_URL`), so one
 * composed file serves local, compose and Kubernetes addresses. Any supergraph works, not only
 * this platform's: overrides apply only to graphs it declares.
 */
export function loadSupergraph(path: string, overrides: Record<string, string | undefined> = {}): string {
  let sdl = readFileSync(path, 'utf8');
  for (const [name, url] of Object.entries(overrides)) {
    if (!url) continue;
    const pattern = new RegExp(
      `(@join__graph\\(name: "${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}", url: ")[^"]*(")`,
    );
    sdl = sdl.replace(pattern, `$1${url}$2`);
  }
  return sdl;
}

/** URL overrides for this platform's subgraphs from the environment. */
export function urlOverridesFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string | undefined> {
  return Object.fromEntries(SUBGRAPHS.map((s) => [s.name, env[s.urlEnv]]));
}

/** Subgraph names and URLs declared in a supergraph (for readiness probes). */
export function subgraphUrls(sdl: string): { name: string; url: string }[] {
  return [...sdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)].map((m) => ({
    name: m[1]!,
    url: m[2]!,
  }));
}
