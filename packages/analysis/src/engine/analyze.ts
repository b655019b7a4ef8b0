// The measurement loop: every `interval`, for `count` rounds, each running metric is measured by
// its provider (transient errors retried), judged, and assessed with Argo's limits; the run ends
// early once a metric fails. Part 2's progressive canary calls this once per traffic step.
import {
  ConfigurationError,
  errorMessage,
  retry,
  silentLogger,
  type Clock,
  type Logger,
} from '@deploy-actions/action-kit';
import { formatValue } from '../format.js';
import { assessMetric, isTerminal, newMetricResult, record } from '../judge/assess.js';
import { classifyMeasurement } from '../judge/classify.js';
import { decideVerdict, roundScore, runScore, type ScoreThresholds } from '../judge/score.js';
import { ProviderError, isTransientProviderError } from '../providers/provider-error.js';
import type { AnalysisResult, Measurement, MetricProvider, MetricResult, MetricSpec } from '../types.js';

export interface AnalyzeOptions extends ScoreThresholds {
  metrics: MetricSpec[];
  providers: Record<string, MetricProvider>;
  intervalMs: number;
  /** Number of measurement rounds (from `count`, or `duration / interval`). */
  count: number;
  /** Look-back of each measurement; defaults to the interval. */
  windowMs?: number;
  /** Mann-Whitney confidence, e.g. 0.98. */
  confidence: number;
  clock: Clock;
  signal?: AbortSignal;
  logger?: Logger;
  /** Retries of one measurement (all within the interval). */
  retry?: { attempts?: number; baseMs?: number; maxMs?: number };
  onMeasurement?: (metric: MetricResult, measurement: Measurement) => void;
}

export async function analyze(options: AnalyzeOptions): Promise<AnalysisResult> {
  const { clock, metrics, signal } = options;
  const log = options.logger ?? silentLogger;
  if (metrics.length === 0)
    throw new ConfigurationError('no metrics to analyze: set a threshold input or the metrics input');
  if (options.count < 1)
    throw new ConfigurationError('the analysis needs at least one measurement (count ≥ 1)');
  for (const m of metrics) {
    if (!options.providers[m.provider])
      throw new ConfigurationError(`metric "${m.name}": no ${m.provider} provider is configured`);
  }
  const startedAt = clock.now();
  await preflight(options);
  const results = metrics.map(newMetricResult);
  const roundScores: Array<number | null> = [];
  let rounds = 0;
  for (let round = 1; round <= options.count; round++) {
    await clock.sleep(Math.max(0, startedAt + round * options.intervalMs - clock.now()), signal);
    rounds = round;
    const active = metrics
      .map((spec, i) => ({ spec, result: results[i]! }))
      .filter((a) => !isTerminal(a.result.phase));
    const at = clock.now(); // one window end per round: providers share their reads within a round
    const measured = await Promise.all(active.map((a) => measureOnce(a.spec, round, at, options)));
    active.forEach(({ result }, i) => {
      const m = measured[i]!;
      record(result, m);
      assessMetric(result, options.count);
      options.onMeasurement?.(result, m);
      log.info(`[${round}/${options.count}] ${result.name}: ${m.phase} — ${m.message}`);
    });
    roundScores.push(
      roundScore(
        active.map((a, i) => ({
          weight: a.spec.weight,
          critical: a.spec.critical,
          classification: measured[i]!.classification,
        })),
      ),
    );
    if (results.some((r) => r.phase === 'Failed' || r.phase === 'Error')) break;
    if (results.every((r) => isTerminal(r.phase))) break;
  }
  const score = runScore(roundScores);
  const { verdict, reason } = decideVerdict(results, score, options);
  return {
    verdict,
    reason,
    score: score ?? 0,
    startedAt,
    finishedAt: clock.now(),
    rounds,
    roundScores,
    metrics: results,
  };
}

async function measureOnce(
  spec: MetricSpec,
  round: number,
  at: number,
  options: AnalyzeOptions,
): Promise<Measurement> {
  const provider = options.providers[spec.provider]!;
  const windowMs = options.windowMs ?? options.intervalMs;
  try {
    const reading = await retry(
      () =>
        provider.measure(spec, {
          end: at,
          windowMs,
          intervalMs: options.intervalMs,
          withBaseline: true,
          signal: options.signal,
        }),
      {
        attempts: options.retry?.attempts ?? 3,
        baseMs: options.retry?.baseMs ?? Math.min(1000, options.intervalMs / 10),
        maxMs: options.retry?.maxMs ?? options.intervalMs / 2,
        deadlineMs: options.intervalMs,
        retryOn: isTransientProviderError,
        clock: options.clock,
        signal: options.signal,
      },
    );
    const judged = classifyMeasurement(spec, reading, options.confidence);
    // Threshold messages name only the canary; show the baseline beside a pass for context.
    const detail =
      judged.baseline === undefined || spec.compare
        ? ''
        : ` (baseline ${formatValue(judged.baseline, spec.unit)})`;
    return {
      round,
      at,
      ...judged,
      message: judged.message + (judged.classification === 'pass' ? detail : ''),
    };
  } catch (err) {
    if (options.signal?.aborted) throw err;
    // Provider errors already name their provider; anything else gets its name added.
    const message =
      err instanceof ProviderError ? err.message : `${provider.description}: ${errorMessage(err)}`;
    return { round, at, phase: 'Error', classification: 'error', message };
  }
}

async function preflight(options: AnalyzeOptions): Promise<void> {
  for (const [name, provider] of Object.entries(options.providers)) {
    const mine = options.metrics.filter((m) => m.provider === name);
    if (mine.length === 0) continue;
    try {
      await retry(() => provider.preflight(mine, options.signal), {
        attempts: 3,
        baseMs: 500,
        retryOn: isTransientProviderError,
        clock: options.clock,
        signal: options.signal,
      });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw new ConfigurationError(`${errorMessage(err)}`, { cause: err });
    }
  }
}
