// Integration: the analysis engine against a real Prometheus (1 s scrape) scraping the test app.
// Scenarios run concurrently, one test app each, against one Prometheus; the outage scenario
// has a Prometheus of its own because it stops it.
import { ConfigurationError, realClock } from '@deploy-actions/action-kit';
import {
  PrometheusProvider,
  analyze,
  buildMetrics,
  parseMetricsDocument,
  type AnalysisResult,
  type AnalyzeOptions,
  type MetricSpec,
} from '@deploy-actions/analysis';
import { freePort } from '../harness/free-port.js';
import { startMetricsApp, type MetricsApp } from '../harness/metrics-app.js';
import { startPrometheus, type PrometheusServer } from '../harness/prometheus.js';

type Scenario = 'healthy' | 'spike' | 'slow' | 'idle' | 'outage';
const apps = {} as Record<Scenario, MetricsApp>;
let prom: PrometheusServer;
let outageProm: PrometheusServer;

// Mean latency per range-query step, canary against baseline (Mann-Whitney U).
const meanLatency = parseMetricsDocument([
  {
    name: 'mean-latency',
    query:
      'sum(rate(http_request_duration_seconds_sum{ {{selector}} }[{{window}}])) / sum(rate(http_request_duration_seconds_count{ {{selector}} }[{{window}}]))',
    compare: 'baseline',
    direction: 'increase',
    'allowed-change': 0.25,
    unit: 'seconds',
  },
]);

function metricsFor(consecutiveErrorLimit = 4): MetricSpec[] {
  return buildMetrics({
    builtinProvider: 'prometheus',
    thresholds: { maxErrorRate: 0.01, maxP95Latency: 0.25, minRequestRate: 1 },
    custom: meanLatency,
    defaults: {
      limits: { failureLimit: 0, inconclusiveLimit: 0, consecutiveErrorLimit },
      noData: 'inconclusive',
      minSamples: 1,
      allowedChange: 0.1,
    },
    hasBaseline: true,
  });
}

function options(app: string, url: string, extra: Partial<AnalyzeOptions> = {}): AnalyzeOptions {
  const provider = new PrometheusProvider({
    url,
    canarySelector: `app="${app}",track="canary"`,
    baselineSelector: `app="${app}",track="stable"`,
    timeoutMs: 2000,
    stepMs: () => 500,
  });
  return {
    metrics: metricsFor(),
    providers: { prometheus: provider },
    intervalMs: 2000,
    windowMs: 5000,
    count: 3,
    confidence: 0.98,
    passScore: 95,
    marginalScore: 75,
    clock: realClock,
    retry: { attempts: 2, baseMs: 200 },
    ...extra,
  };
}

const metric = (r: AnalysisResult, name: string) => r.metrics.find((m) => m.name === name)!;

beforeAll(async () => {
  apps.healthy = await startMetricsApp({ app: 'healthy' });
  apps.spike = await startMetricsApp({ app: 'spike' });
  apps.slow = await startMetricsApp({ app: 'slow', canary: { latencyMs: 300 } });
  apps.idle = await startMetricsApp({ app: 'idle', canary: { trafficRps: 0 } });
  apps.outage = await startMetricsApp({ app: 'outage' });
  [prom, outageProm] = await Promise.all([
    startPrometheus({ targets: (['healthy', 'spike', 'slow', 'idle'] as const).map((n) => apps[n].target) }),
    startPrometheus({ targets: [apps.outage.target] }),
  ]);
  // Enough scrapes for rate() over the 5 s window on every target.
  await Promise.all([
    prom.waitForData('count(count_over_time(http_requests_total{track="stable"}[5s]) >= 3) >= 4', 30_000),
    outageProm.waitForData(
      'count_over_time(http_requests_total{app="outage",track="canary"}[5s]) >= 3',
      30_000,
    ),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([prom?.stop(), outageProm?.stop()]);
  await Promise.all(Object.values(apps).map((a) => a?.stop()));
});

test('five scenarios: healthy passes, spike and slow fail, idle is inconclusive, outage fails naming Prometheus', async () => {
  const [healthy, spike, slow, idle, outage] = await Promise.all([
    analyze(options('healthy', prom.url)),
    analyze(
      options('spike', prom.url, {
        count: 5,
        onMeasurement: (m, x) => {
          if (m.name === 'mean-latency' && x.round === 1) apps.spike.set('canary', { errorRate: 0.3 });
        },
      }),
    ),
    analyze(options('slow', prom.url)),
    analyze(options('idle', prom.url)),
    analyze(
      options('outage', outageProm.url, {
        metrics: metricsFor(2),
        count: 8,
        onMeasurement: (m, x) => {
          if (m.name === 'mean-latency' && x.round === 1) void outageProm.stop();
        },
      }),
    ),
  ]);

  expect(healthy.reason).toMatch(/passed/);
  expect(healthy.verdict).toBe('pass');
  expect(healthy.score).toBe(100);
  expect(healthy.rounds).toBe(3);
  expect(metric(healthy, 'error-rate').measurements.map((m) => m.canary)).toEqual([0, 0, 0]);
  expect(metric(healthy, 'request-rate').measurements[0]!.canary).toBeGreaterThan(30);
  expect(metric(healthy, 'mean-latency').measurements[0]!.samples!.canary).toBeGreaterThanOrEqual(5);

  expect(spike.verdict).toBe('fail');
  expect(spike.reason).toMatch(
    /^metric "error-rate" assessed Failed: failed \(1\) > failure-limit \(0\): canary [\d.]+% > max 1%/,
  );
  expect(metric(spike, 'error-rate').measurements[0]!.phase).toBe('Successful');
  expect(spike.rounds).toBeLessThan(5);

  expect(slow.verdict).toBe('fail');
  expect(slow.reason).toMatch(/^metric "p95-latency" assessed Failed: .*canary [\d.]+ms > max 250ms/);
  expect(metric(slow, 'error-rate').phase).not.toBe('Failed'); // error rate unchanged
  expect(metric(slow, 'error-rate').measurements[0]!.canary).toBe(0);
  const compare = metric(slow, 'mean-latency').measurements[0]!;
  expect(compare.classification).toBe('high');
  expect(compare.ratio!).toBeGreaterThan(10);
  expect(compare.pValue!).toBeLessThan(0.02);

  expect(idle.verdict).toBe('inconclusive');
  expect(metric(idle, 'request-rate').classification).toBe('nodata');
  expect(metric(idle, 'error-rate').measurements[0]!.message).toMatch(/no data for the canary/);
  expect(idle.reason).toMatch(/inconclusive \(1\) > inconclusive-limit \(0\)/);

  expect(outage.verdict).toBe('fail');
  expect(outage.reason).toMatch(
    new RegExp(
      `assessed Error: consecutive errors \\(3\\) > consecutive-error-limit \\(2\\): Prometheus at ${outageProm.url.replace(/\./g, '\\.')} unreachable`,
    ),
  );
  expect(outage.rounds).toBe(4);
}, 60_000);

test('a PromQL error fails before measuring, naming the metric and quoting Prometheus', async () => {
  const bad = parseMetricsDocument([
    {
      name: 'broken',
      query: 'sum(rate(http_requests_total{ {{selector}} }[{{window}}])',
      threshold: { max: 1 },
    },
  ]);
  const metrics = buildMetrics({
    builtinProvider: 'prometheus',
    thresholds: {},
    custom: bad,
    defaults: {
      limits: { failureLimit: 0, inconclusiveLimit: 0, consecutiveErrorLimit: 4 },
      noData: 'inconclusive',
      minSamples: 1,
      allowedChange: 0.1,
    },
    hasBaseline: true,
  });
  const err = await analyze(options('healthy', prom.url, { metrics })).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigurationError);
  expect((err as Error).message).toMatch(
    new RegExp(`^Prometheus at .* rejected the query for metric "broken": bad_data: .*parse error`),
  );
});

test('an unreachable Prometheus at the first measurement is a clear error, not a verdict', async () => {
  const url = `http://127.0.0.1:${await freePort()}`;
  const err = await analyze(options('healthy', url)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigurationError);
  expect((err as Error).message).toBe(
    `Prometheus at ${url} unreachable: connect ECONNREFUSED ${url.slice(7)}`,
  );
});
