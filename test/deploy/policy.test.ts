// The numbers and rules the deployment guide and issue 9 fix, checked on the rendered overlays:
// replicas and HPAs, resources, probes, security contexts, network policy, disruption budgets,
// and the capacity arithmetic (PostgreSQL connections, the ResourceQuota, minikube's 4 CPU/8 GiB).
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import {
  GiB,
  INSTALL_TIMEOUT_MS,
  Manifests,
  OVERLAYS,
  Overlay,
  Workload,
  allContainers,
  envValue,
  mainContainer,
  podSpec,
  quantity,
  renderOverlay,
} from './manifests';

interface ILabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

const rendered = {} as Record<Overlay, Manifests>;
beforeAll(() => {
  for (const overlay of OVERLAYS) rendered[overlay] = new Manifests(renderOverlay(overlay));
}, INSTALL_TIMEOUT_MS);

const APPS = [
  'api-gateway',
  'user-service',
  'market-data-service',
  'analytics-service',
  'sentiment-service',
  'portfolio-service',
];

/** The guide's "Current HPA Settings" table (production); minikube keeps the targets at 1-3. */
const GUIDE_HPA: Record<string, { min: number; max: number; cpu: number; memory?: number }> = {
  'api-gateway': { min: 3, max: 10, cpu: 70, memory: 80 },
  'analytics-service': { min: 3, max: 10, cpu: 75, memory: 80 },
  'market-data-service': { min: 2, max: 8, cpu: 75 },
};
/** Replica counts for the Deployments without an HPA (sentiment: the guide's 2). */
const FIXED_REPLICAS: Record<Overlay, Record<string, number>> = {
  production: { 'user-service': 2, 'sentiment-service': 2, 'portfolio-service': 2 },
  minikube: { 'user-service': 1, 'sentiment-service': 1, 'portfolio-service': 1 },
};
/** The guide's "Resource Requests/Limits" and its `kubectl set resources` example. */
const GUIDE_RESOURCES: Record<string, { requests: [string, string]; limits?: [string, string] }> = {
  'api-gateway': { requests: ['500m', '512Mi'], limits: ['1000m', '1Gi'] },
  'user-service': { requests: ['500m', '512Mi'], limits: ['1000m', '1Gi'] },
  'sentiment-service': { requests: ['500m', '512Mi'], limits: ['1000m', '1Gi'] },
  'portfolio-service': { requests: ['500m', '512Mi'], limits: ['1000m', '1Gi'] },
  'analytics-service': { requests: ['2000m', '2Gi'] },
  'market-data-service': { requests: ['1000m', '1Gi'] },
};

function hpaFor(m: Manifests, deployment: string) {
  return m
    .ofKind<IHorizontalPodAutoscaler>('HorizontalPodAutoscaler')
    .find((h) => h.spec?.scaleTargetRef.name === deployment);
}

function resourceTarget(hpa: IHorizontalPodAutoscaler, name: string) {
  return hpa.spec?.metrics?.find((x) => x.type === 'Resource' && x.resource?.name === name)?.resource?.target;
}

/** The most pods a workload can run at once: HPA maximum (or replicas) plus the rolling-update surge. */
function maxPods(m: Manifests, w: Workload): number {
  if (w.kind === 'Job') return 1;
  const base = hpaFor(m, w.metadata.name)?.spec?.maxReplicas ?? w.spec.replicas ?? 1;
  return base + (w.kind === 'Deployment' ? Number(w.spec.strategy?.rollingUpdate?.maxSurge ?? 0) : 0);
}

function minPods(m: Manifests, w: Workload): number {
  if (w.kind === 'Job') return 0;
  return hpaFor(m, w.metadata.name)?.spec?.minReplicas ?? w.spec.replicas ?? 1;
}

/** A pod's effective request/limit, as the scheduler and the quota count it. */
function podResource(w: Workload, kind: 'requests' | 'limits', name: 'cpu' | 'memory'): number {
  const of = (c: IContainer) => quantity(c.resources?.[kind]?.[name] as string | undefined);
  const containers = podSpec(w).containers.reduce((sum, c) => sum + of(c), 0);
  const init = Math.max(0, ...(podSpec(w).initContainers ?? []).map(of));
  return Math.max(containers, init);
}

function total(
  m: Manifests,
  kind: 'requests' | 'limits',
  name: 'cpu' | 'memory',
  pods: (w: Workload) => number,
) {
  return m.workloads().reduce((sum, w) => sum + pods(w) * podResource(w, kind, name), 0);
}

const claims = (m: Manifests) =>
  m.ofKind<Workload>('StatefulSet').flatMap((s) =>
    (s.spec.volumeClaimTemplates ?? []).map((t) => ({
      sts: s.metadata.name,
      replicas: s.spec.replicas ?? 1,
      size: quantity(t.spec.resources.requests.storage),
      storageClassName: t.spec.storageClassName,
    })),
  );

/** `-c name=value` arguments of the postgres container. */
function postgresSetting(m: Manifests, name: string): string | undefined {
  const args = mainContainer(m.workload('StatefulSet', 'postgres')).args ?? [];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

const jvmHeap = (opts: string | undefined) =>
  quantity(
    /-Xmx(\d+)([mg])/i
      .exec(opts ?? '')
      ?.slice(1)
      .join('')
      .replace(/m$/i, 'Mi')
      .replace(/g$/i, 'Gi'),
  );

describe.each(OVERLAYS)('k8s/overlays/%s', (overlay) => {
  const m = () => rendered[overlay];

  describe('replicas and autoscaling', () => {
    it('scales the gateway, analytics and market data with the guide’s HPA settings', () => {
      for (const [name, guide] of Object.entries(GUIDE_HPA)) {
        const hpa = hpaFor(m(), name);
        expect(hpa?.metadata?.name).toBe(`${name}-hpa`);
        const bounds = overlay === 'production' ? [guide.min, guide.max] : [1, 3];
        expect([name, hpa?.spec?.minReplicas, hpa?.spec?.maxReplicas]).toEqual([name, ...bounds]);
        expect(resourceTarget(hpa!, 'cpu')).toEqual({ type: 'Utilization', averageUtilization: guide.cpu });
        // Market data's memory column is "N/A": no memory metric at all.
        expect(resourceTarget(hpa!, 'memory')).toEqual(
          guide.memory === undefined ? undefined : { type: 'Utilization', averageUtilization: guide.memory },
        );
        // The HPA owns the count; a replicas field would undo its scaling on every apply.
        expect(m().workload('Deployment', name).spec.replicas).toBeUndefined();
      }
      expect(m().ofKind('HorizontalPodAutoscaler')).toHaveLength(3);
    });

    it('runs the fixed replica counts and the guide’s single-replica stores and three brokers', () => {
      for (const [name, replicas] of Object.entries(FIXED_REPLICAS[overlay])) {
        expect([name, m().workload('Deployment', name).spec.replicas]).toEqual([name, replicas]);
        expect(hpaFor(m(), name)).toBeUndefined();
      }
      const sts = (name: string) => m().workload('StatefulSet', name).spec.replicas;
      expect([sts('postgres'), sts('redis'), sts('zookeeper'), sts('kafka')]).toEqual([1, 1, 1, 3]);
    });

    it('rolls Deployments one extra pod at a time without taking serving pods away', () => {
      for (const name of APPS) {
        const strategy = m().workload('Deployment', name).spec.strategy as {
          rollingUpdate?: { maxSurge?: number; maxUnavailable?: number };
        };
        expect([name, strategy.rollingUpdate]).toEqual([name, { maxSurge: 1, maxUnavailable: 0 }]);
      }
    });

    it('has PodDisruptionBudgets only where they cannot block a node drain', () => {
      const pdbs = m().ofKind<{
        spec: {
          maxUnavailable?: number;
          minAvailable?: number;
          selector: { matchLabels: Record<string, string> };
        };
      }>('PodDisruptionBudget');
      const covered = pdbs.map((p) => p.spec.selector.matchLabels.app).sort();
      expect(covered).toEqual([...APPS, 'kafka'].sort());
      for (const pdb of pdbs) {
        const w = m()
          .workloads()
          .find((x) => x.spec.template.metadata.labels?.app === pdb.spec.selector.matchLabels.app)!;
        // With maxUnavailable >= 1 one pod may always go, whatever the replica count.
        expect([pdb.metadata.name, pdb.spec.minAvailable, pdb.spec.maxUnavailable]).toEqual([
          pdb.metadata.name,
          undefined,
          1,
        ]);
        expect(minPods(m(), w)).toBeGreaterThanOrEqual(1);
      }
    });
  });

  describe('resources', () => {
    it('gives every container, init container and Job requests and limits (the quota requires them)', () => {
      for (const w of m().workloads())
        for (const c of allContainers(w))
          for (const r of ['cpu', 'memory'] as const) {
            const req = quantity(c.resources?.requests?.[r] as string | undefined);
            const lim = quantity(c.resources?.limits?.[r] as string | undefined);
            expect([w.metadata.name, c.name, r, req > 0, lim >= req]).toEqual([
              w.metadata.name,
              c.name,
              r,
              true,
              true,
            ]);
          }
    });

    it(
      overlay === 'production'
        ? 'uses the guide’s requests and limits'
        : 'scales requests down from the guide’s, never up',
      () => {
        for (const [name, guide] of Object.entries(GUIDE_RESOURCES)) {
          const res = mainContainer(m().workload('Deployment', name)).resources ?? {};
          const got = [quantity(res.requests?.cpu as string), quantity(res.requests?.memory as string)];
          const want = guide.requests.map((q) => quantity(q));
          if (overlay === 'production') {
            expect([name, got]).toEqual([name, want]);
            if (guide.limits) {
              const lim = [quantity(res.limits?.cpu as string), quantity(res.limits?.memory as string)];
              expect([name, lim]).toEqual([name, guide.limits.map((q) => quantity(q))]);
            }
          } else {
            expect(got[0]).toBeLessThan(want[0]!);
            expect(got[1]).toBeLessThan(want[1]!);
          }
        }
      },
    );

    it('keeps JVM heaps and the Redis and PostgreSQL memory settings inside the container limits', () => {
      const limit = (sts: string) =>
        quantity(mainContainer(m().workload('StatefulSet', sts)).resources?.limits?.memory as string);
      const kafka = mainContainer(m().workload('StatefulSet', 'kafka'));
      expect(jvmHeap(envValue(kafka, 'KAFKA_HEAP_OPTS'))).toBeLessThanOrEqual(0.6 * limit('kafka'));
      const zk = mainContainer(m().workload('StatefulSet', 'zookeeper'));
      expect(jvmHeap(envValue(zk, 'JVMFLAGS'))).toBeLessThanOrEqual(0.6 * limit('zookeeper'));
      const redisArgs = mainContainer(m().workload('StatefulSet', 'redis')).args ?? [];
      const maxmemory = redisArgs[redisArgs.indexOf('--maxmemory') + 1] ?? '';
      expect(quantity(maxmemory.replace(/mb$/, 'Mi'))).toBeLessThanOrEqual(0.7 * limit('redis'));
      const sharedBuffers = (postgresSetting(m(), 'shared_buffers') ?? '').replace(/MB$/, 'Mi');
      expect(quantity(sharedBuffers)).toBeLessThanOrEqual(0.4 * limit('postgres'));
    });
  });

  describe('health checks', () => {
    it('probes every service: liveness and startup on /health, readiness on /ready, on its own port', () => {
      for (const name of APPS) {
        const c = mainContainer(m().workload('Deployment', name));
        const port = c.ports?.[0];
        for (const [probe, path] of [
          ['livenessProbe', '/health'],
          ['startupProbe', '/health'],
          ['readinessProbe', '/ready'],
        ] as const) {
          const get = c[probe]?.httpGet;
          expect([name, probe, get?.path]).toEqual([name, probe, path]);
          expect([name, probe, [port?.name, port?.containerPort].includes(get?.port)]).toEqual([
            name,
            probe,
            true,
          ]);
        }
        // Liveness must not kill a pod that is merely busy for a few seconds.
        const live = c.livenessProbe!;
        expect((live.periodSeconds ?? 10) * (live.failureThreshold ?? 3)).toBeGreaterThanOrEqual(30);
      }
    });

    it('probes every infrastructure container too', () => {
      for (const sts of m().ofKind<Workload>('StatefulSet')) {
        const c = mainContainer(sts);
        expect([sts.metadata.name, Boolean(c.readinessProbe), Boolean(c.livenessProbe)]).toEqual([
          sts.metadata.name,
          true,
          true,
        ]);
      }
    });

    it('announces /metrics to Prometheus on each service’s port', () => {
      for (const name of APPS) {
        const d = m().workload('Deployment', name);
        const a = d.spec.template.metadata.annotations ?? {};
        expect([name, a['prometheus.io/scrape'], a['prometheus.io/path']]).toEqual([
          name,
          'true',
          '/metrics',
        ]);
        expect(Number(a['prometheus.io/port'])).toBe(mainContainer(d).ports?.[0]?.containerPort);
      }
    });
  });

  describe('security', () => {
    it('labels the namespace for the restricted Pod Security Standard', () => {
      const labels = m().get('Namespace', 'crypto').metadata.labels ?? {};
      expect(labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    });

    it('runs every pod as a non-root user with RuntimeDefault seccomp and no service account token', () => {
      const accounts = new Map(
        m()
          .ofKind<{ automountServiceAccountToken?: boolean }>('ServiceAccount')
          .map((sa) => [sa.metadata.name, sa]),
      );
      for (const w of m().workloads()) {
        const spec = podSpec(w);
        const name = w.metadata.name;
        expect([name, spec.securityContext?.runAsNonRoot]).toEqual([name, true]);
        expect([name, spec.securityContext?.seccompProfile?.type]).toEqual([name, 'RuntimeDefault']);
        // A numeric uid lets the kubelet verify runAsNonRoot whatever USER the image names.
        expect(spec.securityContext?.runAsUser).toBeGreaterThan(0);
        expect([name, spec.automountServiceAccountToken]).toEqual([name, false]);
        const sa = accounts.get(spec.serviceAccountName ?? '');
        expect([name, sa?.automountServiceAccountToken]).toEqual([name, false]);
        expect([spec.hostNetwork, spec.hostPID, spec.hostIPC]).toEqual([undefined, undefined, undefined]);
        // The restricted standard's volume types; never hostPath.
        const allowed = ['emptyDir', 'configMap', 'secret', 'persistentVolumeClaim', 'projected'];
        for (const v of spec.volumes ?? []) {
          const types = Object.keys(v).filter((k) => k !== 'name');
          expect([name, v.name, types.length, allowed.includes(types[0] ?? '')]).toEqual([
            name,
            v.name,
            1,
            true,
          ]);
        }
      }
    });

    it('drops all capabilities, forbids privilege escalation and mounts root filesystems read-only', () => {
      for (const w of m().workloads())
        for (const c of allContainers(w)) {
          const sc = c.securityContext;
          expect([w.metadata.name, c.name, sc?.allowPrivilegeEscalation, sc?.readOnlyRootFilesystem]).toEqual(
            [w.metadata.name, c.name, false, true],
          );
          expect(sc?.capabilities?.drop).toEqual(['ALL']);
          expect(sc?.capabilities?.add).toBeUndefined();
          expect(sc?.privileged).toBeUndefined();
        }
    });

    it('gives the Node.js services a writable /tmp (their HOME and TMPDIR) and nothing else', () => {
      for (const name of APPS) {
        const d = m().workload('Deployment', name);
        const mounts = mainContainer(d).volumeMounts ?? [];
        const tmp = mounts.find((v) => v.mountPath === '/tmp');
        expect(podSpec(d).volumes?.find((v) => v.name === tmp?.name)?.emptyDir).toBeDefined();
        for (const v of mounts.filter((x) => x.mountPath !== '/tmp')) expect(v.readOnly).toBe(true);
      }
    });
  });

  describe('network policy', () => {
    type Peer = { namespace: string; labels: Record<string, string> };
    const policies = () => m().ofKind<INetworkPolicy>('NetworkPolicy');

    const selects = (sel: ILabelSelector | undefined, labels: Record<string, string>) =>
      Object.entries(sel?.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
      (sel?.matchExpressions ?? []).every((e) =>
        e.operator === 'In' ? (e.values ?? []).includes(labels[e.key] ?? '') : false,
      );
    const peerMatches = (
      p: { podSelector?: ILabelSelector; namespaceSelector?: ILabelSelector; ipBlock?: unknown },
      peer: Peer,
    ) => {
      if (p.ipBlock) return false; // in-cluster peers are judged by selectors
      const nsOk = p.namespaceSelector
        ? selects(p.namespaceSelector, { 'kubernetes.io/metadata.name': peer.namespace })
        : peer.namespace === 'crypto';
      return nsOk && (p.podSelector ? selects(p.podSelector, peer.labels) : true);
    };
    const portMatches = (
      ports: { port?: number | string; protocol?: string }[] | undefined,
      port: number,
      proto = 'TCP',
    ) => !ports || ports.some((p) => p.port === port && (p.protocol ?? 'TCP') === proto);

    /** Would the union of all policies admit `from` to pod `to` on `port`? */
    function admits(to: Record<string, string>, port: number, from: Peer): boolean {
      const applying = policies().filter(
        (p) => selects(p.spec?.podSelector, to) && (p.spec?.policyTypes ?? ['Ingress']).includes('Ingress'),
      );
      return applying.some((p) =>
        (p.spec?.ingress ?? []).some(
          (rule) =>
            (rule.from ?? []).some((peer) => peerMatches(peer, from)) && portMatches(rule.ports, port),
        ),
      );
    }
    /** Would the policies let pod `from` send to an external address, or to a peer, on `port`? */
    function egress(from: Record<string, string>, to: Peer | { ip: string }, port: number, proto = 'TCP') {
      const applying = policies().filter(
        (p) => selects(p.spec?.podSelector, from) && (p.spec?.policyTypes ?? []).includes('Egress'),
      );
      return applying.some((p) =>
        (p.spec?.egress ?? []).some(
          (rule) =>
            portMatches(rule.ports, port, proto) &&
            (rule.to ?? []).some((peer) =>
              'ip' in to ? Boolean(peer.ipBlock && peer.ipBlock.cidr === '0.0.0.0/0') : peerMatches(peer, to),
            ),
        ),
      );
    }

    const pod = (app: string) =>
      m().workload(app === 'postgres' || app === 'kafka' ? 'StatefulSet' : 'Deployment', app).spec.template
        .metadata.labels ?? {};
    const gatewayPort = 8000;

    it('is the guide’s crypto-network-policy: all pods, ingress and egress', () => {
      const p = m().get<INetworkPolicy>('NetworkPolicy', 'crypto-network-policy');
      expect(p.spec?.podSelector).toEqual({});
      expect(p.spec?.policyTypes).toEqual(['Ingress', 'Egress']);
    });

    it('lets pods of the namespace reach each other', () => {
      expect(admits(pod('postgres'), 5432, { namespace: 'crypto', labels: pod('user-service') })).toBe(true);
      expect(admits(pod('kafka'), 9092, { namespace: 'crypto', labels: pod('market-data-service') })).toBe(
        true,
      );
      expect(egress(pod('user-service'), { namespace: 'crypto', labels: pod('postgres') }, 5432)).toBe(true);
    });

    it('admits the ingress controller to the gateway only, and keeps other namespaces out', () => {
      const controller = {
        namespace: 'ingress-nginx',
        labels: { 'app.kubernetes.io/name': 'ingress-nginx' },
      };
      const backend = m().get<IIngress>('Ingress', 'api-gateway').spec?.rules?.[0]?.http?.paths[0]?.backend
        .service;
      expect(backend?.port?.number).toBe(gatewayPort);
      expect(admits(pod('api-gateway'), gatewayPort, controller)).toBe(true);
      expect(admits(pod('postgres'), 5432, controller)).toBe(false);
      expect(admits(pod('user-service'), 4001, controller)).toBe(false);
      // The guide's debug pods run in "default": the policy rightly keeps them out.
      expect(
        admits(pod('api-gateway'), gatewayPort, { namespace: 'default', labels: { run: 'debug' } }),
      ).toBe(false);
    });

    it('lets Prometheus in the monitoring namespace scrape the services, not the stores', () => {
      const prometheus = { namespace: 'monitoring', labels: { app: 'prometheus' } };
      for (const name of APPS) {
        const d = m().workload('Deployment', name);
        expect([
          name,
          admits(pod(name), mainContainer(d).ports?.[0]?.containerPort ?? 0, prometheus),
        ]).toEqual([name, true]);
      }
      expect(admits(pod('postgres'), 5432, prometheus)).toBe(false);
    });

    it('allows egress only to DNS in kube-system (53) and HTTPS (443)', () => {
      const kubeDns = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
      expect(egress(pod('market-data-service'), kubeDns, 53, 'UDP')).toBe(true);
      expect(egress(pod('market-data-service'), kubeDns, 53, 'TCP')).toBe(true);
      expect(egress(pod('market-data-service'), { ip: '140.82.1.1' }, 443)).toBe(true);
      expect(egress(pod('market-data-service'), { ip: '140.82.1.1' }, 80)).toBe(false);
      expect(egress(pod('market-data-service'), { namespace: 'default', labels: {} }, 5432)).toBe(false);
      // Every egress rule names its ports, except the one within the namespace.
      const p = m().get<INetworkPolicy>('NetworkPolicy', 'crypto-network-policy');
      const open = (p.spec?.egress ?? []).filter((r) => !r.ports);
      expect(open).toEqual([{ to: [{ podSelector: {} }] }]);
    });
  });

  describe('capacity arithmetic', () => {
    it('sizes PostgreSQL max_connections for every pod’s pool at the HPA maxima, with surge', () => {
      const poolSize = Number(
        m().get<{ data: Record<string, string> }>('ConfigMap', configMapName(m())).data.DB_POOL_SIZE,
      );
      const dbPods = m()
        .ofKind<Workload>('Deployment')
        .filter((d) => envValue(mainContainer(d), 'DATABASE_URL') !== undefined)
        .reduce((sum, d) => sum + maxPods(m(), d), 0);
      const maxConnections = Number(postgresSetting(m(), 'max_connections'));
      const superuserReserved = 3;
      const jobsAndSessions = 5; // db-migrate, pg_dump, psql
      expect(poolSize).toBeGreaterThanOrEqual(10);
      expect(maxConnections - superuserReserved).toBeGreaterThanOrEqual(dbPods * poolSize + jobsAndSessions);
      if (overlay === 'production') expect(dbPods).toBe(29); // the arithmetic in infra/postgres.yaml
    });

    it('fits everything at the HPA maxima into the ResourceQuota', () => {
      const hard = m().get<{ spec: { hard: Record<string, string> } }>('ResourceQuota', 'crypto-quota').spec
        .hard;
      const at = (w: Workload) => maxPods(m(), w);
      expect(total(m(), 'requests', 'cpu', at)).toBeLessThanOrEqual(quantity(hard['requests.cpu']));
      expect(total(m(), 'requests', 'memory', at)).toBeLessThanOrEqual(quantity(hard['requests.memory']));
      expect(total(m(), 'limits', 'cpu', at)).toBeLessThanOrEqual(quantity(hard['limits.cpu']));
      expect(total(m(), 'limits', 'memory', at)).toBeLessThanOrEqual(quantity(hard['limits.memory']));
      expect(
        m()
          .workloads()
          .reduce((n, w) => n + at(w), 0),
      ).toBeLessThanOrEqual(Number(hard.pods));
      const volumes = claims(m());
      expect(volumes.reduce((n, c) => n + c.replicas, 0)).toBeLessThanOrEqual(
        Number(hard.persistentvolumeclaims),
      );
      expect(volumes.reduce((n, c) => n + c.replicas * c.size, 0)).toBeLessThanOrEqual(
        quantity(hard['requests.storage']),
      );
    });
  });
});

/** Name of the generated crypto-config ConfigMap (Kustomize appends a content hash). */
function configMapName(m: Manifests): string {
  const cm = m.ofKind('ConfigMap').find((c) => c.metadata.name.startsWith('crypto-config-'));
  if (!cm) throw new Error('crypto-config ConfigMap missing');
  return cm.metadata.name;
}

describe('production overlay', () => {
  const m = () => rendered.production;

  it('stores data on the guide’s volumes: PostgreSQL 20Gi and 3 x 50Gi Kafka (170 GB), on a retained class', () => {
    const byName = Object.fromEntries(claims(m()).map((c) => [c.sts, c]));
    expect(byName.postgres?.size).toBe(20 * GiB);
    expect([byName.kafka?.size, byName.kafka?.replicas]).toEqual([50 * GiB, 3]);
    // The guide's prerequisites say 140 GB; its own volumes add up to 170 GB, and those win.
    expect((byName.postgres?.size ?? 0) + (byName.kafka?.size ?? 0) * (byName.kafka?.replicas ?? 0)).toBe(
      170 * GiB,
    );
    const sc = m().get<{ reclaimPolicy?: string; allowVolumeExpansion?: boolean }>(
      'StorageClass',
      'crypto-ssd',
    );
    expect([sc.reclaimPolicy, sc.allowVolumeExpansion]).toEqual(['Retain', true]);
    for (const c of claims(m())) expect([c.sts, c.storageClassName]).toEqual([c.sts, 'crypto-ssd']);
  });

  it('pins every image: ours from a registry with a version tag, third-party ones by version', () => {
    for (const w of m().workloads())
      for (const c of allContainers(w)) {
        const image = c.image ?? '';
        expect(image).not.toMatch(/:latest$/);
        expect(image).toMatch(/(:\d[\w.-]*|@sha256:[0-9a-f]{64})$/);
        if (/crypto-/.test(image)) expect(image).toMatch(/^[a-z0-9.-]+\.[a-z]+(:\d+)?\//);
      }
  });

  it('issues the TLS certificate through the letsencrypt-prod ClusterIssuer', () => {
    const issuer = m().get<{
      spec: {
        acme: {
          server: string;
          email: string;
          solvers: { http01: { ingress: { ingressClassName: string } } }[];
        };
      };
    }>('ClusterIssuer', 'letsencrypt-prod');
    expect(issuer.apiVersion).toBe('cert-manager.io/v1');
    expect(issuer.spec.acme.server).toBe('https://acme-v02.api.letsencrypt.org/directory');
    expect(issuer.spec.acme.email).toBe('admin@crypto-analytics.com');
    expect(issuer.spec.acme.solvers[0]?.http01.ingress.ingressClassName).toBe('nginx');
    const ing = m().get<IIngress>('Ingress', 'api-gateway');
    expect(ing.metadata.annotations?.['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
    expect(ing.spec?.tls?.[0]?.hosts).toEqual(['api.crypto-analytics.com']);
    expect(ing.spec?.tls?.[0]?.secretName).toBeTruthy();
  });

  it('pulls our images with the guide’s regcred secret', () => {
    for (const name of APPS) {
      const sa = m().get<{ imagePullSecrets?: { name: string }[] }>(
        'ServiceAccount',
        podSpec(m().workload('Deployment', name)).serviceAccountName ?? '',
      );
      expect(sa.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    }
  });
});

describe('minikube overlay', () => {
  const m = () => rendered.minikube;

  it('fits the guide’s minikube (4 CPUs, 8 GiB) with every HPA at its maximum', () => {
    // kube-system, the ingress addon and metrics-server request about 1 CPU and 0.7 GiB.
    const system = { cpu: 1, memory: 1 * GiB };
    const at = (w: Workload) => (w.kind === 'Job' ? 0 : maxPods(m(), w) - (w.kind === 'Deployment' ? 1 : 0));
    expect(total(m(), 'requests', 'cpu', at) + system.cpu).toBeLessThanOrEqual(4);
    expect(total(m(), 'requests', 'memory', at) + system.memory).toBeLessThanOrEqual(8 * GiB);
    // Volumes fit the 100 GB disk with room for images.
    expect(claims(m()).reduce((n, c) => n + c.replicas * c.size, 0)).toBeLessThanOrEqual(40 * GiB);
  });

  it('uses local images and plain HTTP', () => {
    for (const name of APPS) {
      const c = mainContainer(m().workload('Deployment', name));
      expect(c.image).toBe(`crypto-${name}:latest`);
      expect(c.imagePullPolicy).toBe('IfNotPresent');
    }
    const ing = m().get<IIngress>('Ingress', 'api-gateway');
    expect(ing.spec?.tls).toBeUndefined();
    expect(ing.metadata.annotations?.['cert-manager.io/cluster-issuer']).toBeUndefined();
  });
});
