// The job summary: verdict line, metric table, one xychart per metric with canary, baseline and threshold.
import { Summary } from '@deploy-actions/action-kit';
import type { AnalysisResult, MetricResult } from '@deploy-actions/analysis';
import { metricsOutput } from '../src/report.js';
import { metricChart, writeSummary } from '../src/summary.js';

const latency: MetricResult = {
  name: 'p95-latency',
  phase: 'Failed',
  classification: 'high',
  critical: false,
  weight: 1,
  threshold: { max: 0.25 },
  limits: { failureLimit: 0, inconclusiveLimit: 0, consecutiveErrorLimit: 4 },
  counts: { measured: 2, successful: 1, failed: 1, inconclusive: 0, error: 0, consecutiveErrors: 0 },
  measurements: [
    {
      round: 1,
      at: 0,
      phase: 'Successful',
      classification: 'pass',
      canary: 0.1,
      baseline: 0.09,
      message: 'ok',
    },
    {
      round: 2,
      at: 1,
      phase: 'Failed',
      classification: 'high',
      canary: 0.4,
      baseline: 0.1,
      message: 'canary 400ms > max 250ms',
    },
  ],
  message: 'failed (1) > failure-limit (0): canary 400ms > max 250ms',
  unit: 'seconds',
};
const result: AnalysisResult = {
  verdict: 'fail',
  score: 50,
  reason: 'metric "p95-latency" assessed Failed: failed (1) > failure-limit (0): canary 400ms > max 250ms',
  startedAt: 0,
  finishedAt: 2,
  rounds: 2,
  roundScores: [100, 0],
  metrics: [latency],
};

test('chart lines: canary, baseline, threshold in milliseconds', () => {
  expect(metricChart(latency)).toBe(
    [
      'xychart-beta',
      '  title "p95-latency"',
      '  x-axis "measurement" [1, 2]',
      '  y-axis "milliseconds"',
      '  line [100, 400]',
      '  line [90, 100]',
      '  line [250, 250]',
    ].join('\n'),
  );
});

test('summary: verdict, escaped reason, metric row and measurement details', () => {
  const s = new Summary();
  writeSummary(s, result);
  const text = s.toString();
  expect(text).toMatch(/^## ❌ Canary analysis: fail \(score 50\)/);
  expect(text).toContain('metric &quot;p95-latency&quot; assessed Failed: failed (1) &gt; failure-limit (0)');
  expect(text).toContain('| p95-latency | Failed | high | 400ms | 100ms | ≤ 250ms | 1 / 1 / 0 / 0 |  | 1 |');
  expect(text).toContain('| 2 | Failed | 400ms | 100ms |  |  | canary 400ms &gt; max 250ms |');
});

test('metrics output keeps the values per measurement', () => {
  const out = metricsOutput(result);
  expect(out[0]!.values).toEqual([
    { round: 1, phase: 'Successful', canary: 0.1, baseline: 0.09, pValue: undefined, ratio: undefined },
    { round: 2, phase: 'Failed', canary: 0.4, baseline: 0.1, pValue: undefined, ratio: undefined },
  ]);
});
