// How the cluster would route a request for a Service: Istio VirtualService weights, Gateway API
// HTTPRoute backendRef weights, NGINX canary Ingress weights, or plainly the Service's own selector.
import type { Registry } from '../store/registry.js';
import { isPlainObject, type JsonObject, type KubeObject } from '../types.js';

export interface Backend {
  /** The Service whose endpoints receive the request. */
  service: string;
  weight: number;
  /** What chose it: `service`, `ingress/<name>`, `httproute/<name>`, `virtualservice/<name>`. */
  route: string;
}

export interface Via {
  kind: 'Service' | 'Ingress' | 'HTTPRoute' | 'VirtualService';
  name: string;
}

const list = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter(isPlainObject) : []);
const spec = (o: KubeObject) => (isPlainObject(o.spec) ? o.spec : {}) as JsonObject;

function shortHost(host: string, namespace: string): string {
  const suffixes = [`.${namespace}.svc.cluster.local`, `.${namespace}.svc`, `.${namespace}`];
  for (const s of suffixes) if (host.endsWith(s)) return host.slice(0, -s.length);
  return host;
}

export function virtualServiceBackends(vs: KubeObject, namespace: string): Backend[] {
  const http = list(spec(vs).http)[0];
  const routes = list(http?.route);
  return routes.map((r) => ({
    service: shortHost(String((r.destination as JsonObject | undefined)?.host ?? ''), namespace),
    weight: typeof r.weight === 'number' ? r.weight : routes.length === 1 ? 100 : 0,
    route: `virtualservice/${vs.metadata.name}`,
  }));
}

export function httpRouteBackends(route: KubeObject): Backend[] {
  const rule = list(spec(route).rules)[0];
  return list(rule?.backendRefs)
    .filter((b) => (b.kind ?? 'Service') === 'Service')
    .map((b) => ({
      service: String(b.name),
      weight: typeof b.weight === 'number' ? b.weight : 1,
      route: `httproute/${route.metadata.name}`,
    }));
}

function ingressServices(ing: KubeObject): string[] {
  const out: string[] = [];
  const def = (spec(ing).defaultBackend as JsonObject | undefined)?.service as JsonObject | undefined;
  if (def?.name) out.push(String(def.name));
  for (const rule of list(spec(ing).rules)) {
    for (const path of list((rule.http as JsonObject | undefined)?.paths)) {
      const svc = (path.backend as JsonObject | undefined)?.service as JsonObject | undefined;
      if (svc?.name) out.push(String(svc.name));
    }
  }
  return out;
}

const hosts = (ing: KubeObject) => list(spec(ing).rules).map((r) => String(r.host ?? ''));
const isCanary = (ing: KubeObject) =>
  ing.metadata.annotations?.['nginx.ingress.kubernetes.io/canary'] === 'true';

/** NGINX ingress: the main Ingress's service, plus canary Ingresses on the same host by `canary-weight`. */
export function ingressBackends(main: KubeObject, all: readonly KubeObject[]): Backend[] {
  const primary = ingressServices(main)[0];
  if (!primary) return [];
  const mainHosts = new Set(hosts(main));
  const canaries = all.filter((i) => isCanary(i) && hosts(i).some((h) => mainHosts.has(h)));
  const backends: Backend[] = [];
  let canaryShare = 0;
  for (const c of canaries) {
    const a = c.metadata.annotations ?? {};
    const total = Number(a['nginx.ingress.kubernetes.io/canary-weight-total'] ?? 100) || 100;
    const weight = Math.max(
      0,
      Math.min(total, Number(a['nginx.ingress.kubernetes.io/canary-weight'] ?? 0) || 0),
    );
    const share = (weight / total) * 100;
    const svc = ingressServices(c)[0];
    if (svc && share > 0) {
      backends.push({ service: svc, weight: share, route: `ingress/${c.metadata.name}` });
      canaryShare += share;
    }
  }
  backends.unshift({
    service: primary,
    weight: Math.max(0, 100 - canaryShare),
    route: `ingress/${main.metadata.name}`,
  });
  return backends;
}

export function resolveBackends(
  registry: Registry,
  namespace: string,
  service: string,
  via?: Via,
): Backend[] {
  const items = (resource: string, group: string) =>
    registry.scan(registry.type(resource, group), { namespace });
  if (via && via.kind !== 'Service') {
    const kinds = {
      Ingress: ['ingresses', 'networking.k8s.io'],
      HTTPRoute: ['httproutes', 'gateway.networking.k8s.io'],
      VirtualService: ['virtualservices', 'networking.istio.io'],
    } as const;
    const [resource, group] = kinds[via.kind];
    const obj = items(resource, group).find((o) => o.metadata.name === via.name);
    if (!obj) return [];
    if (via.kind === 'Ingress') return ingressBackends(obj, items(resource, group));
    return via.kind === 'HTTPRoute' ? httpRouteBackends(obj) : virtualServiceBackends(obj, namespace);
  }
  if (via?.kind === 'Service') return [{ service, weight: 1, route: 'service' }];
  const fq = [
    service,
    `${service}.${namespace}`,
    `${service}.${namespace}.svc`,
    `${service}.${namespace}.svc.cluster.local`,
  ];
  const vs = items('virtualservices', 'networking.istio.io').find(
    (v) =>
      list([spec(v)])[0] && (spec(v).hosts as unknown[] | undefined)?.some((h) => fq.includes(String(h))),
  );
  if (vs) return virtualServiceBackends(vs, namespace);
  const routes = items('httproutes', 'gateway.networking.k8s.io');
  const gamma = routes.find((r) =>
    list(spec(r).parentRefs).some((p) => p.kind === 'Service' && p.name === service),
  );
  const byBackend = gamma ?? routes.find((r) => httpRouteBackends(r).some((b) => b.service === service));
  if (byBackend) return httpRouteBackends(byBackend);
  const ingresses = items('ingresses', 'networking.k8s.io');
  const main = ingresses.find((i) => !isCanary(i) && ingressServices(i).includes(service));
  if (main) return ingressBackends(main, ingresses);
  return [{ service, weight: 1, route: 'service' }];
}

/** Picks one backend by weight; undefined when every weight is zero. */
export function pickBackend(backends: Backend[], random: () => number): Backend | undefined {
  const total = backends.reduce((n, b) => n + Math.max(0, b.weight), 0);
  if (total <= 0) return undefined;
  let x = random() * total;
  for (const b of backends) {
    x -= Math.max(0, b.weight);
    if (x < 0) return b;
  }
  return backends[backends.length - 1];
}
