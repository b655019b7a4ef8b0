// Traffic routing in simulated time: Service selector, NGINX canary Ingress weights, HTTPRoute and
// VirtualService weights; behaviour profiles (errors, latency); the request log.
import { afterEach, describe, expect, test } from '@jest/globals';
import { seededRandom } from '../src/random.js';
import { TrafficSimulator } from '../src/traffic/traffic.js';
import type { KubeObject } from '../src/types.js';
import { deploymentManifest, simulatedCluster, START_DELAY } from './helpers.js';

let cluster: ReturnType<typeof simulatedCluster>;
afterEach(async () => {
  await cluster?.controllers.stop();
});

async function twoVersions(stableImage = 'web:v1', canaryImage = 'web:v2') {
  cluster = simulatedCluster();
  const { registry } = cluster;
  for (const [name, image] of [
    ['web-stable', stableImage],
    ['web-canary', canaryImage],
  ] as const) {
    cluster.createDeployment(deploymentManifest(name, image, 2));
    registry.create(registry.type('services'), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'default' },
      spec: { selector: { app: name }, ports: [{ port: 80 }] },
    });
  }
  await cluster.clock.advance(START_DELAY * 2);
  const traffic = new TrafficSimulator(registry, cluster.clock, cluster.behaviours, seededRandom(5));
  return traffic;
}

function share(traffic: TrafficSimulator, version: string): number {
  const all = traffic.log.query();
  return all.filter((r) => r.version === version).length / all.length;
}

const ingress = (name: string, service: string, annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name, namespace: 'default', annotations },
  spec: {
    rules: [
      {
        host: 'web.example',
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: { service: { name: service, port: { number: 80 } } } },
          ],
        },
      },
    ],
  },
});

describe('traffic routing', () => {
  test('a Service selector sends everything to its ready pods', async () => {
    const traffic = await twoVersions();
    traffic.setTraffic({ namespace: 'default', service: 'web-stable', rps: 100 });
    traffic.generate(10_000);
    const log = traffic.log.query();
    expect(log).toHaveLength(1000);
    expect(new Set(log.map((r) => r.version))).toEqual(new Set(['v1']));
    expect(new Set(log.map((r) => r.pod)).size).toBe(2);
    expect(log.every((r) => r.podReady && r.code === 200 && r.route === 'service')).toBe(true);
  });

  test('NGINX canary-weight Ingress splits traffic by weight', async () => {
    const traffic = await twoVersions();
    const { registry } = cluster;
    registry.create(registry.type('ingresses', 'networking.k8s.io'), ingress('web', 'web-stable'));
    registry.create(
      registry.type('ingresses', 'networking.k8s.io'),
      ingress('web-canary', 'web-canary', {
        'nginx.ingress.kubernetes.io/canary': 'true',
        'nginx.ingress.kubernetes.io/canary-weight': '20',
      }),
    );
    traffic.setTraffic({ namespace: 'default', service: 'web-stable', rps: 200 });
    traffic.generate(10_000);
    expect(share(traffic, 'v2')).toBeGreaterThan(0.17);
    expect(share(traffic, 'v2')).toBeLessThan(0.23);
    expect(traffic.log.query({ version: 'v2' })[0]!.route).toBe('ingress/web-canary');
  });

  test('HTTPRoute backendRefs and VirtualService route weights', async () => {
    const traffic = await twoVersions();
    const { registry } = cluster;
    registry.create(registry.type('httproutes', 'gateway.networking.k8s.io'), {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        parentRefs: [{ kind: 'Service', name: 'web' }],
        rules: [
          {
            backendRefs: [
              { name: 'web-stable', port: 80, weight: 50 },
              { name: 'web-canary', port: 80, weight: 50 },
            ],
          },
        ],
      },
    });
    traffic.setTraffic({ namespace: 'default', service: 'web', rps: 200 });
    traffic.generate(10_000);
    expect(share(traffic, 'v2')).toBeGreaterThan(0.45);
    expect(share(traffic, 'v2')).toBeLessThan(0.55);
    traffic.log.clear();
    registry.create(registry.type('virtualservices', 'networking.istio.io'), {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        hosts: ['web.default.svc.cluster.local'],
        http: [
          {
            route: [
              { destination: { host: 'web-stable' }, weight: 100 },
              { destination: { host: 'web-canary' }, weight: 0 },
            ],
          },
        ],
      },
    });
    traffic.generate(5_000);
    expect(share(traffic, 'v1')).toBe(1);
    expect(traffic.log.query()[0]!.route).toBe('virtualservice/web');
  });

  test('behaviour profiles: -errors serves about 10 % 503, -latency a p95 near 1 s, and can change mid-run', async () => {
    const traffic = await twoVersions('web:v1-errors', 'web:v2-latency');
    traffic.setTraffic({ namespace: 'default', service: 'web-stable', rps: 200 });
    traffic.setTraffic({ namespace: 'default', service: 'web-canary', rps: 200 });
    traffic.generate(20_000);
    const errors = traffic.log.query({ service: 'web-stable' });
    const errorRate = errors.filter((r) => r.code === 503).length / errors.length;
    expect(errorRate).toBeGreaterThan(0.08);
    expect(errorRate).toBeLessThan(0.12);
    const latencies = traffic.log
      .query({ service: 'web-canary' })
      .map((r) => r.latencyMs)
      .sort((a, b) => a - b);
    const p95 = latencies[Math.floor(latencies.length * 0.95)]!;
    expect(p95).toBeGreaterThan(850);
    expect(p95).toBeLessThan(1150);
    cluster.behaviours.set('v1-errors', { errorRate: 1 });
    const since = cluster.clock.now() + 1;
    await cluster.clock.advance(1000);
    traffic.generate(1000);
    expect(traffic.log.query({ service: 'web-stable', since }).every((r) => r.code === 503)).toBe(true);
  });

  test('with no ready endpoints the request fails with 503 and reaches no pod', async () => {
    const traffic = await twoVersions();
    traffic.setTraffic({ namespace: 'default', service: 'nothing', rps: 10 });
    traffic.generate(1000);
    expect(traffic.log.query().map((r) => [r.code, r.pod])).toEqual(Array(10).fill([503, '']));
  });

  test('metrics count every request and their histogram estimates the p95 as Prometheus would', async () => {
    const traffic = await twoVersions('web:v1', 'web:v2-latency');
    traffic.setTraffic({ namespace: 'default', service: 'web-canary', rps: 200 });
    traffic.generate(20_000);
    const text = traffic.metrics.render();
    const counts = [...text.matchAll(/^http_requests_total\{[^}]*service="web-canary"[^}]*\} (\d+)$/gm)].map(
      (m) => Number(m[1]),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4000);
    const buckets = new Map<number, number>();
    for (const m of text.matchAll(
      /^http_request_duration_seconds_bucket\{[^}]*service="web-canary"[^}]*le="([^"]+)"\} (\d+)$/gm,
    )) {
      const le = m[1] === '+Inf' ? Infinity : Number(m[1]);
      buckets.set(le, (buckets.get(le) ?? 0) + Number(m[2]));
    }
    // histogram_quantile(0.95, ...): linear interpolation inside the bucket holding the 95th percentile
    const bounds = [...buckets.keys()].sort((a, b) => a - b);
    const rank = 0.95 * buckets.get(Infinity)!;
    const i = bounds.findIndex((b) => buckets.get(b)! >= rank);
    const lower = i === 0 ? 0 : bounds[i - 1]!;
    const below = i === 0 ? 0 : buckets.get(lower)!;
    const p95 = lower + ((bounds[i]! - lower) * (rank - below)) / (buckets.get(bounds[i]!)! - below);
    expect(p95).toBeGreaterThan(0.85);
    expect(p95).toBeLessThan(1.2);
  });
});
