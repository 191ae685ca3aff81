// Helpers for the deployment tests: render the Kustomize overlays with a real kustomize v5
// (built from the Go module proxy by scripts/install-kustomize when missing) and look objects up.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const OVERLAYS = ['minikube', 'production'] as const;
export type Overlay = (typeof OVERLAYS)[number];

/** First run on a fresh machine builds kustomize (about 30 s); later runs return at once. */
export const INSTALL_TIMEOUT_MS = 300_000;

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/**
 * The oldest kustomize that `kubectl apply -k` embeds in the v5 line (kubectl 1.27; 1.28-1.30
 * embed v5.0.4, which the Go module proxy does not serve). Overlays must render the same with it.
 */
export const KUBECTL_KUSTOMIZE_VERSION = 'v5.0.1';

const kustomizePaths = new Map<string, string>();

/** Path of kustomize (default: scripts/install-kustomize's pinned v5), installed into .data/bin if absent. */
export function kustomize(version?: string): string {
  const key = version ?? 'default';
  let found = kustomizePaths.get(key);
  if (!found) {
    found = execFileSync(path.join(REPO_ROOT, 'scripts/install-kustomize'), {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: INSTALL_TIMEOUT_MS,
      env: version ? { ...process.env, KUSTOMIZE_VERSION: version } : process.env,
    }).trim();
    kustomizePaths.set(key, found);
  }
  return found;
}

/** `kustomize build <dir>` as YAML text; throws with kustomize's message on failure. */
export function renderText(dir: string, version?: string): string {
  return execFileSync(kustomize(version), ['build', path.join(REPO_ROOT, dir)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** `kustomize build <dir>` parsed into objects. */
export function render(dir: string): K8sObject[] {
  return parseAllDocuments(renderText(dir)).map((doc) => {
    if (doc.errors.length) throw new Error(`${dir}: ${doc.errors[0]?.message}`);
    return doc.toJS() as K8sObject;
  });
}

export const renderOverlay = (overlay: Overlay) => render(`k8s/overlays/${overlay}`);

/**
 * Decodes YAML strictly into the k8s.io/api Go types (test/deploy/strict), which reject unknown
 * fields as `kubectl apply` does; kubernetes-models' schemas accept them. Go rebuilds the small
 * checker only when its cache is cold (about 40 s on a fresh machine, 1 s after).
 * Returns the checker's report and exit status.
 */
export function strictCheck(yamlText: string): { status: number | null; report: string } {
  const binary = path.join(REPO_ROOT, '.data/bin/k8s-strict');
  execFileSync('go', ['build', '-buildvcs=false', '-o', binary, '.'], {
    cwd: path.join(REPO_ROOT, 'test/deploy/strict'),
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: INSTALL_TIMEOUT_MS,
  });
  const result = spawnSync(binary, [], { input: yamlText, encoding: 'utf8' });
  return { status: result.status, report: `${result.stdout}${result.stderr}` };
}

export class Manifests {
  constructor(readonly objects: K8sObject[]) {}

  ofKind<T = K8sObject>(kind: string): (K8sObject & T)[] {
    return this.objects.filter((o) => o.kind === kind) as (K8sObject & T)[];
  }

  find<T = K8sObject>(kind: string, name: string): (K8sObject & T) | undefined {
    return this.ofKind<T>(kind).find((o) => o.metadata.name === name);
  }

  get<T = K8sObject>(kind: string, name: string): K8sObject & T {
    const found = this.find<T>(kind, name);
    if (!found) throw new Error(`no ${kind} named ${name}`);
    return found;
  }

  /** Deployments, StatefulSets and Jobs: everything that owns a pod template. */
  workloads(): Workload[] {
    return this.objects
      .filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind))
      .map((o) => o as Workload);
  }

  workload(kind: string, name: string): Workload {
    return this.get<Workload>(kind, name);
  }
}

export interface Workload extends K8sObject {
  spec: {
    replicas?: number;
    serviceName?: string;
    selector?: { matchLabels?: Record<string, string> };
    strategy?: { rollingUpdate?: { maxSurge?: number | string } };
    template: {
      metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec: IPodSpec;
    };
    volumeClaimTemplates?: {
      metadata: { name: string };
      spec: { storageClassName?: string; resources: { requests: { storage: string } } };
    }[];
  };
}

export const podSpec = (w: Workload): IPodSpec => w.spec.template.spec;

export const allContainers = (w: Workload): IContainer[] => [
  ...(podSpec(w).initContainers ?? []),
  ...podSpec(w).containers,
];

export function mainContainer(w: Workload): IContainer {
  const c = podSpec(w).containers[0];
  if (!c) throw new Error(`${w.metadata.name} has no container`);
  return c;
}

/** Plain `value` of an environment variable of a container (undefined if absent or not literal). */
export function envValue(c: IContainer, name: string): string | undefined {
  return c.env?.find((e) => e.name === name)?.value;
}

export const hasEnv = (c: IContainer, name: string) => Boolean(c.env?.some((e) => e.name === name));

/** Kubernetes quantities to numbers: CPU in cores, memory and storage in bytes. */
export function quantity(q: string | number | undefined): number {
  if (q === undefined) return 0;
  if (typeof q === 'number') return q;
  const m = /^([0-9.]+)(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/.exec(q);
  if (!m) throw new Error(`unparsable quantity ${q}`);
  const n = Number(m[1]);
  const unit = m[2] ?? '';
  const factor: Record<string, number> = {
    '': 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
  };
  return n * (factor[unit] ?? NaN);
}

export const GiB = 2 ** 30;
