// The measurement loop in simulated time: Argo limits, error streaks, retries, no data, early stop.
import { ConfigurationError, ManualClock } from '@deploy-actions/action-kit';
import { analyze, type AnalyzeOptions } from '../src/engine/analyze.js';
import { ProviderError } from '../src/providers/provider-error.js';
import type { MetricSpec } from '../src/types.js';
import { ScriptedProvider, spec, value, type Script } from './helpers.js';

const transient = () =>
  new ProviderError('Prometheus at http://prom unreachable: connect ECONNREFUSED', { transient: true });

async function run(script: Script, metrics: MetricSpec[] = [spec()], extra: Partial<AnalyzeOptions> = {}) {
  const clock = new ManualClock(1_000_000);
  const provider = new ScriptedProvider(script);
  const promise = analyze({
    metrics,
    providers: { p: provider },
    intervalMs: 60_000,
    count: 5,
    confidence: 0.98,
    passScore: 95,
    marginalScore: 75,
    clock,
    retry: { attempts: 1 },
    ...extra,
  });
  const result = await clock.run(promise, 24 * 3600_000, 1000);
  return { result, provider, clock };
}

describe('analyze', () => {
  test('healthy metric passes after count measurements, one interval apart', async () => {
    const { result, provider } = await run(() => value(0.001));
    expect(result.verdict).toBe('pass');
    expect(result.score).toBe(100);
    expect(result.rounds).toBe(5);
    expect(provider.callTimes).toEqual([1, 2, 3, 4, 5].map((i) => 1_000_000 + i * 60_000));
    expect(result.finishedAt - result.startedAt).toBe(300_000);
    expect(result.metrics[0]!.phase).toBe('Successful');
    expect(result.metrics[0]!.counts.successful).toBe(5);
  });

  test('failure-limit 0: the first failed measurement fails the run and stops it', async () => {
    const { result, provider } = await run((_m, call) => value(call === 2 ? 0.2 : 0.001));
    expect(result.verdict).toBe('fail');
    expect(result.rounds).toBe(2);
    expect(provider.calls).toBe(2);
    expect(result.reason).toBe(
      'metric "error-rate" assessed Failed: failed (1) > failure-limit (0): canary 20% > max 1%',
    );
  });

  test('failure-limit 1 tolerates one failure (lowering the score) and fails on the second', async () => {
    const tolerated = await run(
      (_m, call) => value(call === 3 ? 0.2 : 0.001),
      [spec({ limits: { failureLimit: 1, inconclusiveLimit: 0, consecutiveErrorLimit: 4 } })],
    );
    expect(tolerated.result.metrics[0]!.phase).toBe('Successful');
    expect(tolerated.result.score).toBe(80);
    expect(tolerated.result.verdict).toBe('inconclusive');
    expect(tolerated.result.reason).toMatch(/marginal: score 80 < pass-score 95/);

    const twice = await run(
      (_m, call) => value(call === 2 || call === 4 ? 0.2 : 0.001),
      [spec({ limits: { failureLimit: 1, inconclusiveLimit: 0, consecutiveErrorLimit: 4 } })],
    );
    expect(twice.result.verdict).toBe('fail');
    expect(twice.result.rounds).toBe(4);
    expect(twice.result.reason).toMatch(/failed \(2\) > failure-limit \(1\)/);
  });

  test('no data is inconclusive by default, within inconclusive-limit tolerated, never a pass', async () => {
    const once = await run((_m, call) => value(call === 1 ? undefined : 0.001));
    expect(once.result.verdict).toBe('inconclusive');
    expect(once.result.reason).toMatch(
      /inconclusive \(1\) > inconclusive-limit \(0\): no data for the canary/,
    );
    expect(once.provider.calls).toBe(1); // the metric is done, nothing else runs

    const tolerated = await run(
      (_m, call) => value(call === 1 ? undefined : 0.001),
      [spec({ limits: { failureLimit: 0, inconclusiveLimit: 1, consecutiveErrorLimit: 4 } })],
    );
    expect(tolerated.result.verdict).toBe('pass');
    expect(tolerated.result.score).toBe(100); // the no-data round is not scored

    const never = await run(
      () => value(undefined),
      [spec({ limits: { failureLimit: 0, inconclusiveLimit: 10, consecutiveErrorLimit: 4 } })],
    );
    expect(never.result.verdict).toBe('inconclusive');
    expect(never.result.reason).toMatch(/no successful measurement/);
  });

  test('no data fails with no-data: fail (must-have-data)', async () => {
    const { result } = await run(() => value(Number.NaN), [spec({ noData: 'fail' })]);
    expect(result.verdict).toBe('fail');
    expect(result.metrics[0]!.classification).toBe('nodata');
    expect(result.reason).toMatch(/no-data: fail/);
  });

  test('min-samples: too few samples is no data', async () => {
    const { result } = await run(
      () => ({ canary: { value: 0.001, samples: [0.001, 0.001] } }),
      [spec({ minSamples: 3 })],
    );
    expect(result.verdict).toBe('inconclusive');
    expect(result.reason).toMatch(/2 sample\(s\), min-samples 3/);
  });

  test('consecutive errors above the limit end the metric in Error and the run in fail, naming the provider', async () => {
    const { result, provider } = await run(() => transient(), [spec()], { count: 10 });
    expect(provider.calls).toBe(5);
    expect(result.verdict).toBe('fail');
    expect(result.reason).toBe(
      'metric "error-rate" assessed Error: consecutive errors (5) > consecutive-error-limit (4): Prometheus at http://prom unreachable: connect ECONNREFUSED',
    );
  });

  test('a successful measurement resets the error streak', async () => {
    const { result } = await run((_m, call) => (call % 5 === 0 ? value(0.001) : transient()), [spec()], {
      count: 10,
    });
    expect(result.metrics[0]!.counts.error).toBe(8);
    expect(result.metrics[0]!.counts.consecutiveErrors).toBe(0);
    expect(result.metrics[0]!.phase).toBe('Successful');
    expect(result.verdict).toBe('pass');
  });

  test('errors never count as success: all rounds errored within the limit is still a fail', async () => {
    const { result } = await run(() => transient(), [spec()], { count: 3 });
    expect(result.verdict).toBe('fail');
    expect(result.reason).toMatch(/no measurement succeeded \(3 error\(s\)\)/);
  });

  test('transient errors are retried within the measurement; permanent ones are not', async () => {
    const retried = await run((_m, call) => (call === 1 ? transient() : value(0.001)), [spec()], {
      count: 1,
      retry: { attempts: 3, baseMs: 1000 },
    });
    expect(retried.provider.calls).toBe(2);
    expect(retried.result.metrics[0]!.counts.error).toBe(0);
    expect(retried.result.verdict).toBe('pass');

    const permanent = await run(() => new ProviderError('bad query', { transient: false }), [spec()], {
      count: 1,
      retry: { attempts: 3 },
    });
    expect(permanent.provider.calls).toBe(1);
    expect(permanent.result.metrics[0]!.counts.error).toBe(1);
  });

  test('a preflight failure is a clear error, not a verdict', async () => {
    const clock = new ManualClock();
    const provider = new ScriptedProvider(() => value(0));
    provider.preflightError = new ProviderError('Prometheus at http://x unreachable: connect ECONNREFUSED', {
      transient: false,
    });
    const promise = analyze({
      metrics: [spec()],
      providers: { p: provider },
      intervalMs: 1000,
      count: 1,
      confidence: 0.98,
      passScore: 95,
      marginalScore: 75,
      clock,
    });
    await expect(clock.run(promise)).rejects.toThrow(ConfigurationError);
    await expect(promise).rejects.toThrow(/unreachable: connect ECONNREFUSED/);
  });

  test('a critical metric that is not a pass forces the round score to 0', async () => {
    const metrics = [
      spec({ name: 'a', weight: 3 }),
      spec({
        name: 'b',
        critical: true,
        limits: { failureLimit: 5, inconclusiveLimit: 0, consecutiveErrorLimit: 4 },
      }),
    ];
    const round = (end: number) => (end - 1_000_000) / 60_000;
    const { result } = await run(
      (m, _call, ctx) => value(m.name === 'b' && round(ctx.end) === 2 ? 0.5 : 0.001),
      metrics,
      { count: 2 },
    );
    expect(result.roundScores).toEqual([100, 0]);
    expect(result.score).toBe(50);
    expect(result.verdict).toBe('fail');
    expect(result.reason).toBe('score 50 < marginal-score 75');
  });

  test('aborting the signal stops the loop', async () => {
    const controller = new AbortController();
    const clock = new ManualClock();
    const provider = new ScriptedProvider(() => value(0.001));
    const promise = analyze({
      metrics: [spec()],
      providers: { p: provider },
      intervalMs: 1000,
      count: 100,
      confidence: 0.98,
      passScore: 95,
      marginalScore: 75,
      clock,
      signal: controller.signal,
    });
    promise.catch(() => undefined);
    await clock.advance(3500);
    controller.abort(new Error('rollout aborted'));
    await expect(promise).rejects.toThrow('rollout aborted');
    expect(provider.calls).toBe(3);
  });

  test('configuration mistakes are refused before any measurement', async () => {
    const clock = new ManualClock();
    const base = {
      providers: {},
      intervalMs: 1000,
      count: 1,
      confidence: 0.98,
      passScore: 95,
      marginalScore: 75,
      clock,
    };
    await expect(analyze({ ...base, metrics: [] })).rejects.toThrow(/no metrics/);
    await expect(analyze({ ...base, metrics: [spec()] })).rejects.toThrow(/no p provider/);
  });
});
