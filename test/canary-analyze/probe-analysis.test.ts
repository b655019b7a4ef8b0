// Integration: the analysis engine with the HTTP probe provider sending real requests to the
// test app's /canary and /stable. The probe makes its own traffic, so "no traffic" has no probe
// equivalent; its nearest cases are an unreachable canary (clear error at the start) and a
// canary that stops answering mid-analysis (fail after the consecutive-error limit).
import { ConfigurationError, realClock } from '@deploy-actions/action-kit';
import {
  HttpProbeProvider,
  analyze,
  buildMetrics,
  parseExpectedStatus,
  type AnalysisResult,
  type AnalyzeOptions,
} from '@deploy-actions/analysis';
import { freePort } from '../harness/free-port.js';
import { startMetricsApp, type MetricsApp, type MetricsAppOptions } from '../harness/metrics-app.js';

let app: MetricsApp;
const apps: MetricsApp[] = [];

async function newApp(canary: MetricsAppOptions['canary'] = {}): Promise<MetricsApp> {
  const a = await startMetricsApp({
    stable: { latencyMs: 5, trafficRps: 0 },
    canary: { latencyMs: 5, trafficRps: 0, ...canary },
  });
  apps.push(a);
  return a;
}

function options(
  target: MetricsApp | string,
  extra: Partial<AnalyzeOptions> & { consecutiveErrorLimit?: number } = {},
): AnalyzeOptions {
  const base = typeof target === 'string' ? target : target.url;
  const provider = new HttpProbeProvider({
    canaryUrl: `${base}/canary`,
    baselineUrl: `${base}/stable`,
    requests: 20,
    concurrency: 10,
    timeoutMs: 8000,
    expectedStatus: parseExpectedStatus('200-299'),
  });
  const metrics = buildMetrics({
    builtinProvider: 'probe',
    thresholds: {
      maxErrorRate: 0.05,
      maxP95Latency: 2,
    } /* far from both 5 ms and 4000 ms: CPU contention from other suites has stalled loopback answers past 1 s */,
    defaults: {
      limits: {
        failureLimit: 0,
        inconclusiveLimit: 0,
        consecutiveErrorLimit: extra.consecutiveErrorLimit ?? 4,
      },
      noData: 'inconclusive',
      minSamples: 10,
      allowedChange: 1, // loopback latencies in a busy test process are noisy
    },
    hasBaseline: true,
  });
  return {
    metrics,
    providers: { probe: provider },
    intervalMs: 1000,
    count: 3,
    confidence: 0.98,
    passScore: 95,
    marginalScore: 75,
    clock: realClock,
    retry: { attempts: 2, baseMs: 100 },
    ...extra,
  };
}

const metric = (r: AnalysisResult, name: string) => r.metrics.find((m) => m.name === name)!;

beforeAll(async () => {
  app = await newApp();
});

afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
});

test('healthy passes, errors fail, a latency regression fails with the error rate unchanged, an outage fails', async () => {
  const spiky = await newApp();
  const slow = await newApp({ latencyMs: 4000 });
  const outage = await newApp();
  const [healthy, spike, regression, down] = await Promise.all([
    analyze(options(app)),
    analyze(
      options(spiky, {
        onMeasurement: (m, x) => {
          if (m.name === 'error-rate' && x.round === 1) spiky.set('canary', { errorRate: 0.3 });
        },
      }),
    ),
    analyze(options(slow)),
    analyze(
      options(outage, {
        consecutiveErrorLimit: 1,
        count: 6,
        onMeasurement: (m, x) => {
          if (m.name === 'error-rate' && x.round === 1) outage.set('canary', { down: true });
        },
      }),
    ),
  ]);

  expect(healthy.reason).toMatch(/passed/);
  expect(healthy.verdict).toBe('pass');
  expect(metric(healthy, 'error-rate').measurements.map((m) => m.canary)).toEqual([0, 0, 0]);
  expect(metric(healthy, 'p95-latency').measurements[0]!.samples!.canary).toBe(20);
  expect(app.served('canary')).toBe(61); // 3 rounds of 20, shared by the metrics, plus the preflight
  expect(app.served('stable')).toBe(61);

  expect(spike.verdict).toBe('fail');
  expect(spike.reason).toMatch(
    /^metric "error-rate" assessed Failed: failed \(1\) > failure-limit \(0\): canary [\d.]+% > max 5%$/,
  );
  expect(spike.rounds).toBe(2);
  const spiked = metric(spike, 'error-rate').measurements[1]!.canary!;
  expect(spiked).toBeGreaterThanOrEqual(0.2);
  expect(spiked).toBeLessThanOrEqual(0.35);

  expect(regression.verdict).toBe('fail');
  expect(regression.reason).toMatch(
    /^metric "p95-latency" assessed Failed: failed \(1\) > failure-limit \(0\): canary [\d.]+s > max 2s$/,
  );
  expect(metric(regression, 'error-rate').measurements[0]!.canary).toBe(0);
  const compare = metric(regression, 'latency-vs-baseline').measurements[0]!;
  expect(compare.classification).toBe('high');
  expect(compare.ratio!).toBeGreaterThan(3);

  expect(down.verdict).toBe('fail');
  expect(down.rounds).toBe(3);
  expect(down.reason).toMatch(
    /assessed Error: consecutive errors \(2\) > consecutive-error-limit \(1\): HTTP probe: no response from http:\/\/127\.0\.0\.1:\d+\/canary to 20 request\(s\)/,
  );
}, 30_000);

test('too few answered requests is no data: inconclusive, never a pass', async () => {
  const flaky = await newApp({ errorRate: 0.9 });
  const result = await analyze(
    options(flaky, { metrics: options(flaky).metrics.filter((m) => m.name === 'p95-latency') }),
  );
  expect(result.verdict).toBe('inconclusive');
  expect(result.reason).toMatch(/no data for the canary \(2 sample\(s\), min-samples 10\)/);
});

test('an unreachable probe URL at the start is a clear error, not a verdict', async () => {
  const url = `http://127.0.0.1:${await freePort()}`;
  const err = await analyze(options(url)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigurationError);
  expect((err as Error).message).toBe(
    `HTTP probe: ${url}/canary unreachable: connect ECONNREFUSED ${url.slice(7)}`,
  );
});
