// canary-analyze: (1) Mann-Whitney U on 2 × 10 000 samples against its floor, sorting the 20 000
// values; (2) one measurement round of four metrics (three thresholds, one Mann-Whitney comparison,
// canary and baseline) against a real Prometheus, against one instant-query round trip.
import { realClock } from '@deploy-actions/action-kit';
import {
  PrometheusProvider,
  analyze,
  buildMetrics,
  mannWhitneyU,
  parseMetricsDocument,
} from '@deploy-actions/analysis';
import { startMetricsApp } from '../test/harness/metrics-app.js';
import { startPrometheus } from '../test/harness/prometheus.js';
import type { Figure } from './run.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeIt(fn: () => void, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

async function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

function statistics(): Figure {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const x = Array.from({ length: 10_000 }, () => Math.round(rand() * 1000) / 10);
  const y = Array.from({ length: 10_000 }, () => Math.round(rand() * 1050) / 10);
  const u = timeIt(() => mannWhitneyU(x, y), 20);
  const sort = timeIt(() => Float64Array.from([...x, ...y]).sort(), 20);
  return {
    name: 'Mann-Whitney U, 2 × 10k samples with ties',
    value: u,
    unit: 'ms',
    reference: { name: 'sorting the 20k values (Float64Array)', value: sort },
  };
}

async function round(): Promise<Figure> {
  const app = await startMetricsApp({ app: 'bench' });
  const prom = await startPrometheus({ targets: [app.target] });
  try {
    await prom.waitForData(
      'count_over_time(http_requests_total{app="bench",track="canary"}[5s]) >= 3',
      30_000,
    );
    const provider = new PrometheusProvider({
      url: prom.url,
      canarySelector: 'app="bench",track="canary"',
      baselineSelector: 'app="bench",track="stable"',
      stepMs: () => 500,
    });
    const metrics = buildMetrics({
      builtinProvider: 'prometheus',
      thresholds: { maxErrorRate: 0.01, maxP95Latency: 0.25, minRequestRate: 1 },
      custom: parseMetricsDocument([
        {
          name: 'mean-latency',
          query:
            'sum(rate(http_request_duration_seconds_sum{ {{selector}} }[{{window}}])) / sum(rate(http_request_duration_seconds_count{ {{selector}} }[{{window}}]))',
          compare: 'baseline',
        },
      ]),
      defaults: {
        limits: { failureLimit: 0, inconclusiveLimit: 0, consecutiveErrorLimit: 4 },
        noData: 'inconclusive',
        minSamples: 1,
        allowedChange: 0.5,
      },
      hasBaseline: true,
    });
    const oneRound = await timeAsync(
      () =>
        analyze({
          metrics,
          providers: { prometheus: provider },
          intervalMs: 1,
          windowMs: 5000,
          count: 1,
          confidence: 0.98,
          passScore: 95,
          marginalScore: 75,
          clock: realClock,
        }),
      10,
    );
    const roundTrip = await timeAsync(() => prom.query('vector(1)'), 10);
    return {
      name: 'analysis round: 4 metrics × canary+baseline (+ preflight)',
      value: oneRound,
      unit: 'ms',
      reference: { name: 'one instant query round trip', value: roundTrip },
    };
  } finally {
    await prom.stop();
    await app.stop();
  }
}

export default async function run(): Promise<Figure[]> {
  return [statistics(), await round()];
}
