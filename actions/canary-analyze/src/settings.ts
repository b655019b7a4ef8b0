// Turns validated inputs into the engine's options: provider, metrics, rounds.
import {
  ConfigurationError,
  InputError,
  realClock,
  type Clock,
  type Logger,
} from '@deploy-actions/action-kit';
import {
  HttpProbeProvider,
  PrometheusProvider,
  buildMetrics,
  parseMetricsDocument,
  type AnalyzeOptions,
  type MetricProvider,
} from '@deploy-actions/analysis';
import type { CanaryAnalyzeInputs } from './inputs.js';

export const DEFAULT_COUNT = 5;

function rounds(v: CanaryAnalyzeInputs): number {
  if (v.count !== undefined && v.duration !== undefined)
    throw new InputError('count', String(v.count), 'set count or duration, not both');
  if (v.duration !== undefined) {
    const n = Math.floor(v.duration / v.interval);
    if (n < 1)
      throw new InputError('duration', `${v.duration}ms`, `must be at least one interval (${v.interval} ms)`);
    return n;
  }
  return v.count ?? DEFAULT_COUNT;
}

function provider(v: CanaryAnalyzeInputs): { name: 'prometheus' | 'probe'; provider: MetricProvider } {
  if (v['prometheus-url'] && v['probe-url'])
    throw new ConfigurationError('set prometheus-url or probe-url, not both');
  if (v['prometheus-url']) {
    if (!v['canary-selector'])
      throw new InputError(
        'canary-selector',
        undefined,
        'prometheus-url needs the canary label matchers, e.g. app="web",track="canary"',
      );
    return {
      name: 'prometheus',
      provider: new PrometheusProvider({
        url: v['prometheus-url'].toString(),
        headers: v['prometheus-headers'],
        canarySelector: v['canary-selector'],
        baselineSelector: v['baseline-selector'],
      }),
    };
  }
  if (v['probe-url']) {
    return {
      name: 'probe',
      provider: new HttpProbeProvider({
        canaryUrl: v['probe-url'].toString(),
        baselineUrl: v['probe-baseline-url']?.toString(),
        requests: v['probe-requests'],
        concurrency: v['probe-concurrency'],
        timeoutMs: v['probe-timeout'],
        expectedStatus: v['probe-expected-status'],
      }),
    };
  }
  throw new ConfigurationError(
    'nothing to measure with: set prometheus-url (with canary-selector) or probe-url',
  );
}

export function analysisOptions(
  v: CanaryAnalyzeInputs,
  io: { clock?: Clock; logger?: Logger } = {},
): AnalyzeOptions {
  if (v['marginal-score'] > v['pass-score']) {
    throw new InputError(
      'marginal-score',
      String(v['marginal-score']),
      `must not exceed pass-score (${v['pass-score']})`,
    );
  }
  const count = rounds(v);
  const { name, provider: p } = provider(v);
  const custom = v.metrics === undefined ? undefined : parseMetricsDocument(v.metrics);
  const hasBaseline =
    name === 'prometheus' ? Boolean(v['baseline-selector']) : Boolean(v['probe-baseline-url']);
  const metrics = buildMetrics({
    builtinProvider: name,
    thresholds: {
      maxErrorRate: v['max-error-rate'],
      maxP95Latency: v['max-p95-latency'],
      maxP99Latency: v['max-p99-latency'],
      minRequestRate: v['min-request-rate'],
    },
    labels: {
      requestsMetric: v['requests-metric'],
      latencyMetric: v['latency-metric'],
      statusLabel: v['status-label'],
      errorCodes: v['error-codes'],
    },
    custom,
    defaults: {
      limits: {
        failureLimit: v['failure-limit'],
        inconclusiveLimit: v['inconclusive-limit'],
        consecutiveErrorLimit: v['consecutive-error-limit'],
      },
      noData: v['no-data'],
      minSamples: v['min-samples'],
      allowedChange: v['allowed-change'],
    },
    hasBaseline,
  });
  if (metrics.length === 0) {
    throw new ConfigurationError(
      'no metrics to analyze: set max-error-rate, max-p95-latency, max-p99-latency, min-request-rate or metrics',
    );
  }
  return {
    metrics,
    providers: { [name]: p },
    intervalMs: v.interval,
    windowMs: v.window,
    count,
    confidence: v.confidence,
    passScore: v['pass-score'],
    marginalScore: v['marginal-score'],
    clock: io.clock ?? realClock,
    logger: io.logger,
  };
}
