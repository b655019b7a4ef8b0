// A real Prometheus scrapes the simulator's /metrics; switching a Service selector moves traffic
// and metrics to the other version within two scrape intervals.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startClusterSim, type ClusterSim, type KubeObject } from '@deploy-actions/cluster-sim';
import { startPrometheus, type PrometheusServer } from '../harness/prometheus.js';

const SCRAPE_SEC = 1;

function deployment(version: string): KubeObject {
  const labels = { app: 'web', version };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `web-${version}`, namespace: 'default' },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'app', image: `shop/web:${version}` }] },
      },
    },
  };
}

function service(version: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web', version }, ports: [{ port: 80, targetPort: 8080 }] },
  };
}

type Sample = { metric: Record<string, string>; value: [number, string] };

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Prometheus scraping the simulator', () => {
  let sim: ClusterSim;
  let prom: PrometheusServer;

  beforeAll(async () => {
    sim = await startClusterSim({
      podStartDelayMs: 100,
      tickMs: 20,
      seed: 3,
      traffic: [{ namespace: 'default', service: 'web', rps: 40 }],
    });
    for (const v of ['v1', 'v2']) sim.control.apply('deployments', deployment(v), 'apps');
    sim.control.apply('services', service('v1'));
    prom = await startPrometheus({ targets: [new URL(sim.appUrl).host], scrapeIntervalSec: SCRAPE_SEC });
  }, 60_000);
  afterAll(async () => {
    await prom?.stop();
    await sim?.stop();
  });

  test('serves the counters and histogram in the Prometheus text format', async () => {
    await until(
      'v1 traffic',
      async () => (sim.control.summarizeRequests({ version: 'v1' }).total > 0 ? true : undefined),
      10_000,
    );
    const text = await (await fetch(`${sim.appUrl}/metrics`)).text();
    expect(text).toContain('# TYPE http_requests_total counter');
    expect(text).toMatch(
      /http_requests_total\{namespace="default",service="web",version="v1",pod="web-v1-[a-z0-9]+-[a-z0-9]{5}",code="200"\} \d+/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{namespace="default",service="web",version="v1",pod="[^"]+",code="200",le="\+Inf"\} \d+/,
    );
  });

  test('after a selector switch, scraped traffic moves to v2 within two scrape intervals', async () => {
    await prom.waitForData('http_requests_total{service="web",version="v1"}', 30_000);
    expect(await prom.query('http_requests_total{version="v2"}')).toEqual([]);
    await until(
      'v2 pods ready',
      async () => {
        const d = sim.control.get('deployments', 'default', 'web-v2', 'apps');
        return (d?.status as { readyReplicas?: number } | undefined)?.readyReplicas === 2 ? true : undefined;
      },
      10_000,
    );
    const switchedAt = Date.now();
    sim.control.apply('services', service('v2'));
    const firstV2 = await until(
      'a v2 sample',
      async () => {
        const r = (await prom.query(
          'min(timestamp(http_requests_total{service="web",version="v2"}))',
        )) as Sample[];
        return r.length ? Number(r[0]!.value[1]) * 1000 : undefined;
      },
      15_000,
    );
    expect(firstV2 - switchedAt).toBeLessThanOrEqual(2 * SCRAPE_SEC * 1000 + 250);
    // every request routed after the endpoints moved went to v2, and only to ready pods
    await new Promise((r) => setTimeout(r, 1500));
    const after = sim.control.requests({ since: switchedAt + 200 });
    expect(after.length).toBeGreaterThan(20);
    expect(after.every((r) => r.version === 'v2' && r.podReady && r.code === 200)).toBe(true);
    // v1 stops growing in Prometheus
    const v1Total = async () =>
      Number(((await prom.query('sum(http_requests_total{version="v1"})')) as Sample[])[0]!.value[1]);
    const a = await v1Total();
    await new Promise((r) => setTimeout(r, 2 * SCRAPE_SEC * 1000 + 200));
    expect(await v1Total()).toBe(a);
  });
});
