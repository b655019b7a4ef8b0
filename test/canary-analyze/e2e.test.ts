// The bundled canary-analyze run as the runner runs it (node dist/canary-analyze/index.js with
// INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) against a real Prometheus
// scraping the test app, and with the HTTP probe.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundle } from '../../scripts/bundler.js';
import { freePort } from '../harness/free-port.js';
import { startMetricsApp, type MetricsApp } from '../harness/metrics-app.js';
import { startPrometheus, type PrometheusServer } from '../harness/prometheus.js';
import { repoRoot, runBundledAction, type ActionRun } from '../harness/run-action.js';

let distDir: string;
let workspace: string;
let app: MetricsApp;
let prom: PrometheusServer;

beforeAll(async () => {
  distDir = mkdtempSync(path.join(os.tmpdir(), 'ca-dist-'));
  workspace = mkdtempSync(path.join(os.tmpdir(), 'ca-e2e-'));
  app = await startMetricsApp({ app: 'e2e', stable: { latencyMs: 5 }, canary: { latencyMs: 5 } });
  const [p] = await Promise.all([
    startPrometheus({ targets: [app.target] }),
    bundle({
      entries: { 'canary-analyze': 'actions/canary-analyze/src/index.ts' },
      outdir: distDir,
      root: repoRoot,
    }),
  ]);
  prom = p;
  await prom.waitForData('count_over_time(http_requests_total{app="e2e",track="canary"}[5s]) >= 3', 30_000);
}, 60_000);

afterAll(async () => {
  await prom?.stop();
  await app?.stop();
  rmSync(distDir, { recursive: true, force: true });
  rmSync(workspace, { recursive: true, force: true });
});

function run(inputs: Record<string, string>): Promise<ActionRun> {
  return runBundledAction('canary-analyze', inputs, {
    distDir,
    cwd: workspace,
    env: { GITHUB_WORKSPACE: workspace },
    timeoutMs: 30_000,
  });
}

// Workflow commands escape % as %25 (and CR/LF); decode to compare with the message.
const errors = (r: ActionRun) =>
  r.stdout
    .split('\n')
    .filter((l) => l.startsWith('::error'))
    .map((l) => l.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'));

test('Prometheus: a healthy canary passes with outputs, report, summary chart, and the header masked', async () => {
  const r = await run({
    'prometheus-url': prom.url,
    'prometheus-headers': 'Authorization: Bearer s3cret-token-value',
    'canary-selector': 'app="e2e",track="canary"',
    'baseline-selector': 'app="e2e",track="stable"',
    'max-error-rate': '1%',
    'max-p95-latency': '250ms',
    'min-request-rate': '1',
    metrics:
      '- name: mean-latency\n  query: sum(rate(http_request_duration_seconds_sum{ {{selector}} }[{{window}}])) / sum(rate(http_request_duration_seconds_count{ {{selector}} }[{{window}}]))\n  compare: baseline\n  direction: increase\n  allowed-change: 0.5\n',
    interval: '1s',
    window: '5s',
    count: '2',
    'report-file': 'out/report.json',
  });
  expect(errors(r)).toEqual([]);
  expect(r.code).toBe(0);
  expect(r.outputs.verdict).toBe('pass');
  expect(r.outputs.score).toBe('100');
  expect(r.outputs.reason).toBe('all 4 metric(s) passed; score 100 ≥ pass-score 95');
  const metrics = JSON.parse(r.outputs.metrics!) as Array<{
    name: string;
    phase: string;
    values: Array<{ canary: number | null }>;
  }>;
  expect(metrics.map((m) => `${m.name}:${m.phase}`)).toEqual([
    'request-rate:Successful',
    'error-rate:Successful',
    'p95-latency:Successful',
    'mean-latency:Successful',
  ]);
  expect(metrics[1]!.values).toHaveLength(2);
  expect(r.outputs['report-file']).toBe(path.join(workspace, 'out/report.json'));
  const report = JSON.parse(readFileSync(r.outputs['report-file']!, 'utf8')) as {
    verdict: string;
    rounds: number;
  };
  expect(report).toMatchObject({ verdict: 'pass', rounds: 2 });
  expect(r.summary).toMatch(/Canary analysis: pass \(score 100\)/);
  expect(r.summary).toMatch(
    /```mermaid\nxychart-beta\n {2}title "p95-latency"\n {2}x-axis "measurement" \[1, 2\]\n {2}y-axis "milliseconds"/,
  );
  expect(r.summary).toMatch(/\| error-rate \| Successful \| pass \| 0% \| 0% \| ≤ 1% \|/);
  expect(r.stdout).toContain('::add-mask::Bearer s3cret-token-value\n');
  expect(r.stdout).toContain('::add-mask::s3cret-token-value\n');
  expect(
    r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n'),
  ).not.toContain('s3cret-token-value');
}, 30_000);

test('HTTP probe: an erroring canary fails the step with the verdict output still set', async () => {
  app.set('canary', { errorRate: 0.5 });
  try {
    const r = await run({
      'probe-url': `${app.url}/canary`,
      'max-error-rate': '0.05',
      interval: '500ms',
      count: '2',
      'probe-requests': '10',
    });
    expect(r.code).toBe(1);
    expect(r.outputs.verdict).toBe('fail');
    expect(r.outputs.score).toBe('0');
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0]).toMatch(
      /^::error::canary-analyze: canary analysis failed: metric "error-rate" assessed Failed: failed \(1\) > failure-limit \(0\): canary [3-7]0% > max 5%$/,
    );
    expect(existsSync(path.join(workspace, 'canary-analysis.json'))).toBe(true);
  } finally {
    app.set('canary', { errorRate: 0 });
  }
}, 30_000);

test('inconclusive fails the step unless inconclusive: pass', async () => {
  const inputs = {
    'probe-url': `${app.url}/canary`,
    'max-p95-latency': '1s',
    interval: '300ms',
    count: '1',
    'probe-requests': '5',
    'min-samples': '10',
  };
  const strict = await run(inputs);
  expect(strict.code).toBe(1);
  expect(strict.outputs.verdict).toBe('inconclusive');
  expect(errors(strict)[0]).toMatch(
    /^::error::canary-analyze: canary analysis inconclusive: metric "p95-latency" assessed Inconclusive: .*min-samples 10.*\(set inconclusive: pass to accept\)$/,
  );
  const lenient = await run({ ...inputs, inconclusive: 'pass' });
  expect(lenient.code).toBe(0);
  expect(lenient.outputs.verdict).toBe('inconclusive');
}, 30_000);

test.each([
  [
    { 'max-p95-latency': '500' } as Record<string, string>,
    '::error::canary-analyze: input \'max-p95-latency\': got "500"; expected a duration with a unit, such as 500ms, 30s, 5m or 1h30m',
  ],
  [
    { 'max-error-rate': '1%%' },
    '::error::canary-analyze: input \'max-error-rate\': got "1%%"; expected a percentage such as 95 or 95%',
  ],
  [
    {
      'prometheus-url': 'http://127.0.0.1:1',
      'canary-selector': 'a="b"',
      metrics: '- name: x\n  query: up\n  threshold: { max: fast }',
    },
    `::error::canary-analyze: input 'metrics': entry 1 ("x"), field "threshold.max": expected a number, a percentage (1%) or a duration (500ms): expected a duration such as 500ms, 30s, 5m or 1h30m`,
  ],
  [
    { 'prometheus-url': 'http://127.0.0.1:1', 'max-error-rate': '1%' },
    '::error::canary-analyze: input \'canary-selector\': got empty; prometheus-url needs the canary label matchers, e.g. app="web",track="canary"',
  ],
])('bad input fails with one clear line: %#', async (bad, line) => {
  const r = await run(bad['prometheus-url'] ? bad : { 'probe-url': `${app.url}/canary`, ...bad });
  expect(r.code).toBe(1);
  expect(errors(r)).toEqual([line]);
  expect(r.outputs.verdict).toBeUndefined();
});

test('an unreachable Prometheus is an error, not a verdict', async () => {
  const port = await freePort();
  const r = await run({
    'prometheus-url': `http://127.0.0.1:${port}`,
    'canary-selector': 'a="b"',
    'max-error-rate': '1%',
  });
  expect(r.code).toBe(1);
  expect(errors(r)).toEqual([
    `::error::canary-analyze: Prometheus at http://127.0.0.1:${port} unreachable: connect ECONNREFUSED 127.0.0.1:${port}`,
  ]);
  expect(r.outputs.verdict).toBeUndefined();
}, 30_000);
