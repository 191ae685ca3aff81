import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './proc';

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FrameShare {
  frame: string;
  /** Percent of sampled time (idle excluded). */
  selfPct: number;
  totalPct: number;
}

export interface ProfileSummary {
  file: string;
  foldedFile: string;
  sampledMs: number;
  idlePct: number;
  gcPct: number;
  /** Self time by package (node_modules/<package>), node internals, or this repository's folders. */
  byPackage: { package: string; selfPct: number }[];
  topSelf: FrameShare[];
  topTotal: FrameShare[];
}

/** Where a frame's code lives: a package, Node itself, or a folder of this repository. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = file.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const rel = path.relative(REPO, file);
  return rel.startsWith('..') ? file : rel.split(path.sep).slice(0, 2).join('/');
}

function frameName(node: CpuProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  if (!url) return functionName || '(anonymous)';
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  const short = nm >= 0 ? file.slice(nm + 'node_modules/'.length) : path.relative(REPO, file);
  return `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
}

/**
 * Self and total (inclusive) time per function from a V8 `.cpuprofile`, self time per package,
 * and a folded-stacks file (`a;b;c <µs>`) for flame graph tools (speedscope, flamegraph.pl,
 * inferno). Idle time is left out of the percentages.
 */
export function summariseProfile(
  file: string,
  options: {
    top?: number;
    /** Only samples this many ms before the profile's end: [from, to]. */ window?: [number, number];
  } = {},
): ProfileSummary {
  const top = options.top ?? 25;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const from = options.window ? profile.endTime - options.window[0] * 1000 : -Infinity;
  const to = options.window ? profile.endTime - options.window[1] * 1000 : Infinity;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const selfUs = new Map<number, number>();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    if (t < from || t > to) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });

  let idle = 0;
  let gc = 0;
  let busy = 0;
  const selfByFrame = new Map<string, number>();
  const totalByFrame = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const folded = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    if (name === '(idle)') {
      idle += us;
      continue;
    }
    if (name === '(garbage collector)') gc += us;
    busy += us;
    const frame = frameName(node);
    selfByFrame.set(frame, (selfByFrame.get(frame) ?? 0) + us);
    const pkg = packageOf(node.callFrame.url, name);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    // Inclusive time: every distinct frame on this node's stack gets the sample once.
    const stack: string[] = [];
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = frameName(byId.get(cur)!);
      stack.push(f);
      if (seen.has(f)) continue;
      seen.add(f);
      totalByFrame.set(f, (totalByFrame.get(f) ?? 0) + us);
    }
    const key = stack.reverse().join(';');
    folded.set(key, (folded.get(key) ?? 0) + us);
  }
  const pct = (us: number) => Math.round((1000 * us) / busy) / 10;
  const ranked = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  const foldedFile = file.replace(/\.cpuprofile$/, '.folded');
  writeFileSync(foldedFile, [...folded.entries()].map(([k, v]) => `${k} ${v}`).join('\n') + '\n');
  const skip = new Set(['(root)', '(program)']);
  return {
    file: path.relative(REPO, file),
    foldedFile: path.relative(REPO, foldedFile),
    sampledMs: Math.round((idle + busy) / 1000),
    idlePct: Math.round((1000 * idle) / (idle + busy)) / 10,
    gcPct: pct(gc),
    byPackage: ranked(byPackage)
      .map(([p, us]) => ({ package: p, selfPct: pct(us) }))
      .filter((p) => p.selfPct >= 0.5),
    topSelf: ranked(selfByFrame)
      .slice(0, top)
      .map(([frame, us]) => ({ frame, selfPct: pct(us), totalPct: pct(totalByFrame.get(frame) ?? us) })),
    topTotal: ranked(totalByFrame)
      .filter(([f]) => !skip.has(f))
      .slice(0, top)
      .map(([frame, us]) => ({ frame, selfPct: pct(selfByFrame.get(frame) ?? 0), totalPct: pct(us) })),
  };
}
