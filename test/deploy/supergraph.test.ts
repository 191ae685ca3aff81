// The gateway in Kubernetes serves the supergraph the build composed: a copy kept in k8s/base
// (Kustomize reads no files outside its directory) delivered by a configMapGenerator, with the
// subgraph addresses overridden by the gateway's *_SUBGRAPH_URL variables, in Kubernetes and
// in docker-compose alike.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, type EnumTypeDefinitionNode } from 'graphql';
import { parse as parseYaml } from 'yaml';
import { SUBGRAPHS } from '../../gateway/subgraphs';
import {
  INSTALL_TIMEOUT_MS,
  Manifests,
  OVERLAYS,
  REPO_ROOT,
  envValue,
  mainContainer,
  podSpec,
  renderOverlay,
} from './manifests';

const COMPOSED = path.join(REPO_ROOT, 'gateway/supergraph.graphql');
const K8S_COPY = path.join(REPO_ROOT, 'k8s/base/gateway/supergraph.graphql');
const REFRESH = 'cp gateway/supergraph.graphql k8s/base/gateway/supergraph.graphql';

/** join__Graph values: the subgraph names and URLs the supergraph was composed with. */
function joinGraphs(sdl: string): { name: string; url: string }[] {
  const graphEnum = parse(sdl).definitions.find(
    (d): d is EnumTypeDefinitionNode =>
      d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'join__Graph',
  );
  return (graphEnum?.values ?? []).map((v) => {
    const args = v.directives?.find((d) => d.name.value === 'join__graph')?.arguments ?? [];
    const arg = (n: string) => {
      const value = args.find((a) => a.name.value === n)?.value;
      return value?.kind === Kind.STRING ? value.value : '';
    };
    return { name: arg('name'), url: arg('url') };
  });
}

const rendered: Record<string, Manifests> = {};
beforeAll(() => {
  for (const overlay of OVERLAYS) rendered[overlay] = new Manifests(renderOverlay(overlay));
}, INSTALL_TIMEOUT_MS);

describe('the supergraph in Kubernetes', () => {
  it(`is the composed supergraph, byte for byte (refresh with: ${REFRESH})`, () => {
    expect(readFileSync(K8S_COPY, 'utf8')).toBe(readFileSync(COMPOSED, 'utf8'));
  });

  it('names every subgraph the gateway knows, and no other', () => {
    const graphs = joinGraphs(readFileSync(COMPOSED, 'utf8'));
    expect(graphs.map((g) => g.name).sort()).toEqual(SUBGRAPHS.map((s) => s.name).sort());
  });

  describe.each(OVERLAYS)('k8s/overlays/%s', (overlay) => {
    const m = () => rendered[overlay]!;
    const gateway = () => m().workload('Deployment', 'api-gateway');

    it('reaches the gateway through a generated ConfigMap mounted at SUPERGRAPH_PATH', () => {
      const supergraphPath = envValue(mainContainer(gateway()), 'SUPERGRAPH_PATH') ?? '';
      const mount = mainContainer(gateway()).volumeMounts?.find(
        (v) => v.mountPath === path.dirname(supergraphPath),
      );
      const volume = podSpec(gateway()).volumes?.find((v) => v.name === mount?.name);
      // The content hash in the name rolls the gateway whenever the supergraph changes.
      expect(volume?.configMap?.name).toMatch(/^supergraph-[a-z0-9]{10}$/);
      const data = m().get<{ data: Record<string, string> }>('ConfigMap', volume?.configMap?.name ?? '').data;
      expect(data[path.basename(supergraphPath)]).toBe(readFileSync(COMPOSED, 'utf8'));
    });

    it('overrides each subgraph URL with its in-cluster Service on the subgraph’s port', () => {
      const c = mainContainer(gateway());
      for (const s of SUBGRAPHS) {
        const url = new URL(envValue(c, s.urlEnv) ?? `missing:${s.urlEnv}`);
        const svc = m().get<{ spec: { ports: { port: number }[] } }>('Service', url.hostname);
        expect([s.urlEnv, Number(url.port), url.pathname]).toEqual([s.urlEnv, s.port, '/graphql']);
        expect(svc.spec.ports.map((p) => p.port)).toContain(s.port);
        const pods = m().workload('Deployment', url.hostname);
        expect(mainContainer(pods).ports?.[0]?.containerPort).toBe(s.port);
      }
    });
  });
});

describe('the supergraph in docker-compose', () => {
  it('overrides each subgraph URL with the compose service that runs it', () => {
    const compose = parseYaml(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), {
      merge: true,
    }) as {
      services: Record<string, { environment?: Record<string, string> }>;
    };
    const env = compose.services['api-gateway']?.environment ?? {};
    for (const s of SUBGRAPHS) {
      const url = new URL(env[s.urlEnv] ?? `missing:${s.urlEnv}`);
      expect([s.urlEnv, Number(url.port), url.pathname]).toEqual([s.urlEnv, s.port, '/graphql']);
      expect(compose.services[url.hostname]?.environment?.PORT).toBe(String(s.port));
    }
  });
});
