// Both overlays render with kustomize v5, every object passes the Kubernetes schemas, and the
// names, labels, ports and secrets that the deployment guide's commands use exist and are wired
// together (selectors match pods, Services reach real container ports, env points at Services).
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { LimitRange } from 'kubernetes-models/v1/LimitRange';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { ResourceQuota } from 'kubernetes-models/v1/ResourceQuota';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import type { IService } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { parse } from 'yaml';
import { env as envField, subgraphEnvSchema } from '../../lib/config';
import {
  INSTALL_TIMEOUT_MS,
  K8sObject,
  KUBECTL_KUSTOMIZE_VERSION,
  Manifests,
  OVERLAYS,
  Overlay,
  REPO_ROOT,
  Workload,
  allContainers,
  envValue,
  mainContainer,
  podSpec,
  render,
  renderOverlay,
  renderText,
  strictCheck,
} from './manifests';

type Validatable = new (data: never) => { validate(): void };
const MODELS: Record<string, Validatable> = {
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'v1/ResourceQuota': ResourceQuota,
  'v1/LimitRange': LimitRange,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/Job': Job,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'storage.k8s.io/v1/StorageClass': StorageClass,
};
/** Custom resources: no schema in kubernetes-models; checked field by field in policy.test.ts. */
const CUSTOM_RESOURCES = new Set(['cert-manager.io/v1/ClusterIssuer']);
const CLUSTER_SCOPED = new Set(['Namespace', 'StorageClass', 'ClusterIssuer']);

/** The six services: Deployment/Service name, image, port (conventions and the guide). */
const SERVICES = [
  { name: 'api-gateway', image: 'crypto-api-gateway', port: 8000 },
  { name: 'user-service', image: 'crypto-user-service', port: 4001 },
  { name: 'market-data-service', image: 'crypto-market-data-service', port: 4002 },
  { name: 'analytics-service', image: 'crypto-analytics-service', port: 4003 },
  { name: 'sentiment-service', image: 'crypto-sentiment-service', port: 4004 },
  { name: 'portfolio-service', image: 'crypto-portfolio-service', port: 4005 },
] as const;
const SUBGRAPHS = SERVICES.filter((s) => s.name !== 'api-gateway');

const rendered = {} as Record<Overlay, Manifests>;
beforeAll(() => {
  for (const overlay of OVERLAYS) rendered[overlay] = new Manifests(renderOverlay(overlay));
}, INSTALL_TIMEOUT_MS);

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  Boolean(selector && Object.keys(selector).length) &&
  Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);

/** Resolves a Service's targetPort (name or number) against a pod's container ports. */
function containerPortFor(w: Workload, targetPort: number | string | undefined): number | undefined {
  for (const c of podSpec(w).containers) {
    for (const p of c.ports ?? []) {
      if (typeof targetPort === 'string' ? p.name === targetPort : p.containerPort === targetPort) {
        return p.containerPort;
      }
    }
  }
  return undefined;
}

/** host:port -> the Service and port it names, if one exists (short names, same namespace). */
function serviceFor(m: Manifests, host: string, port: number) {
  const svc = m.find<{ spec: IService['spec'] }>('Service', host.split('.')[0] ?? '');
  return svc?.spec?.ports?.some((p) => p.port === port) ? svc : undefined;
}

/** Resolves `$(VAR)` references the way the kubelet does, from literal values and the ConfigMap. */
function resolvedEnv(m: Manifests, c: IContainer, name: string): string | undefined {
  const configMaps = (c.envFrom ?? []).flatMap((e) =>
    e.configMapRef?.name
      ? [m.get<{ data: Record<string, string> }>('ConfigMap', e.configMapRef.name).data]
      : [],
  );
  const own = c.env?.find((e) => e.name === name);
  if (own?.valueFrom?.secretKeyRef) return `<secret:${own.valueFrom.secretKeyRef.key}>`;
  const raw = own?.value ?? configMaps.find((d) => name in d)?.[name];
  return raw?.replace(/\$\(([A-Z0-9_]+)\)/g, (_, v: string) => resolvedEnv(m, c, v) ?? `$(${v})`);
}

describe.each(OVERLAYS)('k8s/overlays/%s', (overlay) => {
  const m = () => rendered[overlay];

  it('renders, and every object passes the Kubernetes 1.27 schemas', () => {
    const unknown: string[] = [];
    for (const o of m().objects) {
      const key = `${o.apiVersion}/${o.kind}`;
      if (CUSTOM_RESOURCES.has(key)) continue;
      const Model = MODELS[key];
      if (!Model) {
        unknown.push(key);
        continue;
      }
      // validate() throws with the failing path, e.g. "data/spec/replicas must be integer".
      expect(() => new Model(o as never).validate()).not.toThrow();
    }
    expect(unknown).toEqual([]);
    expect(m().objects.length).toBeGreaterThan(50);
  });

  it(
    'has no field the Kubernetes API would reject (strict decoding into the k8s.io/api types)',
    () => {
      const { status, report } = strictCheck(renderText(`k8s/overlays/${overlay}`));
      // Only the custom resource has no Go type here; it is checked in policy.test.ts.
      const problems = report
        .split('\n')
        .filter((line) => line.trim() && !line.startsWith('skipped cert-manager.io/v1/ClusterIssuer'));
      expect(problems).toEqual([]);
      expect(status).toBe(0);
    },
    INSTALL_TIMEOUT_MS,
  );

  it(
    `renders the same with kustomize ${KUBECTL_KUSTOMIZE_VERSION}, as \`kubectl apply -k\` (kubectl >= 1.27) would`,
    () => {
      const dir = `k8s/overlays/${overlay}`;
      expect(renderText(dir, KUBECTL_KUSTOMIZE_VERSION)).toBe(renderText(dir));
    },
    INSTALL_TIMEOUT_MS,
  );

  it('puts every namespaced object in the namespace crypto, with valid unique names', () => {
    const seen = new Set<string>();
    for (const o of m().objects) {
      expect(o.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
      if (CLUSTER_SCOPED.has(o.kind)) expect(o.metadata.namespace).toBeUndefined();
      else
        expect([o.kind, o.metadata.name, o.metadata.namespace]).toEqual([o.kind, o.metadata.name, 'crypto']);
      const id = `${o.kind}/${o.metadata.name}`;
      expect(seen.has(id)).toBe(false);
      seen.add(id);
    }
    for (const svc of m().ofKind('Service'))
      expect(svc.metadata.name).toMatch(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/);
  });

  it("has the names, ports and labels the guide's commands use", () => {
    const svcPort = (name: string) =>
      m().get<{ spec: IService['spec'] }>('Service', name).spec?.ports?.[0]?.port;
    expect(m().get('Namespace', 'crypto')).toBeDefined();
    // kubectl port-forward svc/api-gateway 8000:8000, svc/postgres-primary 5432, svc/kafka-bootstrap 9092
    expect(svcPort('api-gateway')).toBe(8000);
    expect(svcPort('postgres-primary')).toBe(5432);
    expect(svcPort('kafka-bootstrap')).toBe(9092);
    // --bootstrap-server kafka-0.kafka:9092 needs the headless Service kafka and pods kafka-N
    const kafkaSvc = m().get<{ spec: IService['spec'] }>('Service', 'kafka');
    expect(kafkaSvc.spec?.clusterIP).toBe('None');
    expect(kafkaSvc.spec?.ports?.[0]?.port).toBe(9092);
    expect(m().workload('StatefulSet', 'kafka').spec.serviceName).toBe('kafka');
    // pods postgres-0, kafka-0, zookeeper-0 (kubectl exec targets)
    for (const sts of ['postgres', 'kafka', 'zookeeper'])
      expect(m().workload('StatefulSet', sts)).toBeDefined();
    // kubectl logs -l app=api-gateway / -l app=analytics-service
    for (const s of SERVICES) {
      const d = m().workload('Deployment', s.name);
      expect(d.spec.template.metadata.labels?.app).toBe(s.name);
      // kubectl set image deployment/api-gateway api-gateway=...: the container carries the name
      expect(mainContainer(d).name).toBe(s.name);
    }
    // kubectl edit hpa api-gateway-hpa; kubectl edit networkpolicy crypto-network-policy
    expect(m().get('HorizontalPodAutoscaler', 'api-gateway-hpa')).toBeDefined();
    expect(m().get('NetworkPolicy', 'crypto-network-policy')).toBeDefined();
    // psql -U crypto_user -d crypto_db
    const pg = mainContainer(m().workload('StatefulSet', 'postgres'));
    expect(envValue(pg, 'POSTGRES_USER')).toBe('crypto_user');
    expect(envValue(pg, 'POSTGRES_DB')).toBe('crypto_db');
  });

  it('runs each service from its own image under the guide’s image name, on its own port', () => {
    for (const s of SERVICES) {
      const c = mainContainer(m().workload('Deployment', s.name));
      const image = c.image ?? '';
      // minikube: crypto-x:latest from the local daemon; production: <registry>/crypto-x:<tag>
      expect(image.split('/').pop()?.split(/[:@]/)[0]).toBe(s.image);
      expect(c.ports?.map((p) => p.containerPort)).toEqual([s.port]);
      expect(resolvedEnv(m(), c, 'PORT')).toBe(String(s.port));
      expect(m().get<{ spec: IService['spec'] }>('Service', s.name).spec?.ports?.[0]?.port).toBe(s.port);
    }
  });

  it('has workload selectors that match their own pod labels', () => {
    for (const w of m()
      .workloads()
      .filter((w) => w.kind !== 'Job')) {
      expect([
        w.metadata.name,
        matches(w.spec.selector?.matchLabels, w.spec.template.metadata.labels),
      ]).toEqual([w.metadata.name, true]);
    }
  });

  it('points every Service at pods that exist and at a port their containers open', () => {
    for (const svc of m().ofKind<{ spec: IService['spec'] }>('Service')) {
      const pods = m()
        .workloads()
        .filter((w) => w.kind !== 'Job' && matches(svc.spec?.selector, w.spec.template.metadata.labels));
      expect([svc.metadata.name, pods.length]).toEqual([svc.metadata.name, 1]);
      for (const p of svc.spec?.ports ?? []) {
        const target = p.targetPort ?? p.port;
        expect([svc.metadata.name, containerPortFor(pods[0] as Workload, target)]).toEqual([
          svc.metadata.name,
          typeof target === 'number' ? target : expect.any(Number),
        ]);
      }
    }
    // StatefulSets are governed by headless Services of their own.
    for (const sts of m().ofKind<Workload>('StatefulSet')) {
      const governing = m().get<{ spec: IService['spec'] }>('Service', sts.spec.serviceName ?? '');
      expect([sts.metadata.name, governing.spec?.clusterIP]).toEqual([sts.metadata.name, 'None']);
    }
  });

  it('points HPAs and PodDisruptionBudgets at workloads that exist', () => {
    for (const hpa of m().ofKind<IHorizontalPodAutoscaler>('HorizontalPodAutoscaler')) {
      const ref = hpa.spec?.scaleTargetRef;
      expect(ref?.kind).toBe('Deployment');
      expect(m().workload('Deployment', ref?.name ?? '')).toBeDefined();
    }
    for (const pdb of m().ofKind<{ spec: { selector: { matchLabels: Record<string, string> } } }>(
      'PodDisruptionBudget',
    )) {
      const targets = m()
        .workloads()
        .filter(
          (w) => w.kind !== 'Job' && matches(pdb.spec.selector.matchLabels, w.spec.template.metadata.labels),
        );
      expect([pdb.metadata.name, targets.length]).toEqual([pdb.metadata.name, 1]);
    }
  });

  it('routes the ingress for api.crypto-analytics.com to api-gateway:8000', () => {
    const ing = m().get<IIngress>('Ingress', 'api-gateway');
    expect(ing.spec?.ingressClassName).toBe('nginx');
    const rule = ing.spec?.rules?.[0];
    expect(rule?.host).toBe('api.crypto-analytics.com');
    const backend = rule?.http?.paths[0]?.backend.service;
    expect(backend).toEqual({ name: 'api-gateway', port: { number: 8000 } });
    expect(rule?.http?.paths[0]?.path).toBe('/');
    // WebSocket subscriptions stay open through nginx for an hour (the default cuts them at 60 s).
    const annotations = ing.metadata.annotations ?? {};
    expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(
      3600,
    );
    expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-send-timeout'])).toBeGreaterThanOrEqual(
      3600,
    );
  });

  it('wires each service to PostgreSQL, Redis, Kafka and the JWT keys through real Services', () => {
    for (const s of SERVICES) {
      const c = mainContainer(m().workload('Deployment', s.name));
      const redis = new URL(resolvedEnv(m(), c, 'REDIS_URL') ?? '');
      expect(serviceFor(m(), redis.hostname, Number(redis.port))).toBeDefined();
      for (const broker of (resolvedEnv(m(), c, 'KAFKA_BROKERS') ?? '').split(',')) {
        const [host, port] = broker.split(':');
        expect(serviceFor(m(), host ?? '', Number(port))).toBeDefined();
      }
      expect(resolvedEnv(m(), c, 'JWT_PUBLIC_KEY')).toBe('<secret:JWT_PUBLIC_KEY>');
      // Only the user service can sign tokens.
      expect(resolvedEnv(m(), c, 'JWT_SECRET_KEY')).toBe(
        s.name === 'user-service' ? '<secret:JWT_SECRET_KEY>' : undefined,
      );
    }
    for (const s of SUBGRAPHS) {
      const c = mainContainer(m().workload('Deployment', s.name));
      const db = new URL(resolvedEnv(m(), c, 'DATABASE_URL') ?? '');
      expect(db.protocol).toBe('postgresql:');
      expect(db.username).toBe('crypto_user');
      expect(decodeURIComponent(db.password)).toBe('<secret:DB_PASSWORD>');
      expect(db.pathname).toBe('/crypto_db');
      expect(serviceFor(m(), db.hostname, Number(db.port))?.metadata.name).toBe('postgres-primary');
      expect(Number(resolvedEnv(m(), c, 'DB_POOL_SIZE'))).toBeGreaterThanOrEqual(10);
    }
  });

  it('points the gateway at every subgraph through its in-cluster Service', () => {
    // The supergraph's join__Graph names and the variables that override their URLs
    // (gateway/subgraphs.ts) are checked against the supergraph in supergraph.test.ts.
    const gw = mainContainer(m().workload('Deployment', 'api-gateway'));
    const overrides: Record<string, string> = {
      USERS_SUBGRAPH_URL: 'user-service',
      MARKET_DATA_SUBGRAPH_URL: 'market-data-service',
      ANALYTICS_SUBGRAPH_URL: 'analytics-service',
      SENTIMENT_SUBGRAPH_URL: 'sentiment-service',
      PORTFOLIO_SUBGRAPH_URL: 'portfolio-service',
    };
    for (const [variable, service] of Object.entries(overrides)) {
      const url = new URL(envValue(gw, variable) ?? '');
      expect(url.pathname).toBe('/graphql');
      expect(serviceFor(m(), url.hostname, Number(url.port))?.metadata.name).toBe(service);
    }
  });

  it('runs the migrations and creates the guide’s topics with Jobs that wait for their servers', () => {
    const migrate = mainContainer(m().workload('Job', 'db-migrate'));
    const script = (migrate.args ?? []).join('\n');
    expect(script).toContain('node node_modules/prisma/build/index.js migrate deploy');
    expect(script).toContain('node dist/prisma/seed.js');
    expect(script).toContain("connect(5432,'postgres-primary')");
    expect(migrate.image?.split('/').pop()?.split(/[:@]/)[0]).toBe('crypto-user-service');

    const topics = mainContainer(m().workload('Job', 'kafka-topics'));
    const topicScript = (topics.args ?? []).join('\n');
    expect(topicScript).toContain('for t in price_updates sentiment_scores portfolio_updates; do');
    expect(topicScript).toContain('for topic in "$t" "$t.dlq"; do');
    expect(topicScript).toContain('--partitions 3 --replication-factor 3');
    expect(topicScript).toContain('-ge 3 ]'); // waits for the three brokers RF 3 needs
    const brokers = m().workload('StatefulSet', 'kafka').spec.replicas ?? 0;
    expect(brokers).toBe(3);
    const kafka = mainContainer(m().workload('StatefulSet', 'kafka'));
    expect(Number(envValue(kafka, 'KAFKA_MIN_INSYNC_REPLICAS'))).toBe(2);
    expect(envValue(kafka, 'KAFKA_AUTO_CREATE_TOPICS_ENABLE')).toBe('false');
    expect(envValue(kafka, 'KAFKA_ZOOKEEPER_CONNECT')).toBe('zookeeper:2181');
    expect(serviceFor(m(), 'zookeeper', 2181)).toBeDefined();
    // Without this a Service named kafka injects KAFKA_PORT, which the Confluent image rejects.
    expect(podSpec(m().workload('StatefulSet', 'kafka')).enableServiceLinks).toBe(false);
    // Every service waits for the schema before it starts serving.
    for (const s of SUBGRAPHS) {
      const init = podSpec(m().workload('Deployment', s.name)).initContainers?.[0];
      expect(init?.args?.join(' ')).toContain('prisma/build/index.js migrate status');
    }
  });

  it('makes the guide’s `kafka-topics.sh` and `zkServer.sh` commands resolvable in kafka-0 and zookeeper-0', () => {
    const kafka = m().workload('StatefulSet', 'kafka');
    const mounts = mainContainer(kafka).volumeMounts ?? [];
    for (const tool of ['kafka-topics.sh', 'kafka-broker-api-versions.sh']) {
      const mount = mounts.find((v) => v.mountPath === `/usr/local/bin/${tool}`);
      const volume = podSpec(kafka).volumes?.find((v) => v.name === mount?.name);
      expect(volume?.configMap?.defaultMode).toBe(0o555);
      const data = m().get<{ data: Record<string, string> }>('ConfigMap', volume?.configMap?.name ?? '').data;
      expect(data[mount?.subPath ?? '']).toContain('exec "/usr/bin/$tool" "$@"');
    }
    const zk = m().workload('StatefulSet', 'zookeeper');
    expect(mainContainer(zk).image).toMatch(/^zookeeper:3\.8\.\d+$/); // official image: zkServer.sh on PATH
    const zooCfg = m().get<{ data: Record<string, string> }>(
      'ConfigMap',
      podSpec(zk).volumes?.find((v) => v.name === 'config')?.configMap?.name ?? '',
    ).data['zoo.cfg'];
    expect(zooCfg).toMatch(/^4lw\.commands\.whitelist=.*\bsrvr\b/m); // what `zkServer.sh status` asks
    expect(zooCfg).toMatch(/^clientPort=2181$/m);
  });

  it('references only Secret keys that exist (or are optional)', () => {
    const secret = m().find<{ stringData?: Record<string, string> }>('Secret', 'crypto-secrets');
    const required = new Set<string>();
    for (const w of m().workloads())
      for (const c of allContainers(w))
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.secretKeyRef;
          if (!ref) continue;
          expect(ref.name).toBe('crypto-secrets');
          if (!ref.optional) required.add(ref.key);
        }
    expect([...required].sort()).toEqual(['DB_PASSWORD', 'JWT_PUBLIC_KEY', 'JWT_SECRET_KEY']);
    if (overlay === 'production') {
      // Real secrets are created outside the repository; an apply must never overwrite them.
      expect(secret).toBeUndefined();
    } else {
      for (const key of required) expect(secret?.stringData?.[key]).toBeTruthy();
    }
  });
});

/** The environment a container would see: literals, envFrom ConfigMaps, Secret keys, $(VAR) expanded. */
function containerEnv(m: Manifests, c: IContainer): Record<string, string> {
  const secret =
    m.find<{ stringData?: Record<string, string> }>('Secret', 'crypto-secrets')?.stringData ?? {};
  const out: Record<string, string> = {};
  for (const e of c.envFrom ?? [])
    if (e.configMapRef?.name)
      Object.assign(out, m.get<{ data: Record<string, string> }>('ConfigMap', e.configMapRef.name).data);
  for (const e of c.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    const value = ref
      ? secret[ref.key]
      : e.value?.replace(/\$\(([A-Z0-9_]+)\)/g, (all, v: string) => out[v] ?? all);
    if (value !== undefined) out[e.name] = value;
  }
  return out;
}

describe('service environments (minikube, with the development Secret)', () => {
  it('satisfy the environment schema each subgraph validates at start (lib/config)', () => {
    const m = rendered.minikube;
    for (const s of SUBGRAPHS) {
      let schema = subgraphEnvSchema(s.port);
      // users also signs tokens (subgraphs/users/main.ts)
      if (s.name === 'user-service') schema = schema.extend({ JWT_SECRET_KEY: envField.pem('PRIVATE') });
      const result = schema.safeParse(containerEnv(m, mainContainer(m.workload('Deployment', s.name))));
      expect([s.name, result.error?.issues ?? []]).toEqual([s.name, []]);
      expect(result.data?.PORT).toBe(s.port);
    }
  });
});

describe('development placeholders', () => {
  it('ships one Ed25519 key pair, the same in k8s/base and docker-compose.yml', () => {
    const secret = render('k8s/base').find((o) => o.kind === 'Secret') as K8sObject & {
      stringData: Record<string, string>;
    };
    const privateKey = createPrivateKey(secret.stringData.JWT_SECRET_KEY ?? '');
    expect(privateKey.asymmetricKeyType).toBe('ed25519');
    const derived = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
    expect(derived).toBe(secret.stringData.JWT_PUBLIC_KEY);

    const compose = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), {
      merge: true,
    }) as {
      services: Record<string, { environment?: Record<string, string> }>;
    };
    expect(compose.services['user-service']?.environment?.JWT_SECRET_KEY).toBe(
      secret.stringData.JWT_SECRET_KEY,
    );
    for (const [name, service] of Object.entries(compose.services)) {
      const key = service.environment?.JWT_PUBLIC_KEY;
      if (key !== undefined) expect([name, key]).toEqual([name, derived]);
    }
  });
});
