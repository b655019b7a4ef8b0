// Turns the action's settings (built-in thresholds, custom metrics, defaults) into MetricSpecs.
import { ConfigurationError } from '@deploy-actions/action-kit';
import {
  DEFAULT_LABELS,
  builtinQueries,
  templateVariables,
  type BuiltinLabels,
} from '../providers/promql-template.js';
import type { MetricLimits, MetricSpec } from '../types.js';
import type { MetricEntry } from './metrics-document.js';

export interface MetricDefaults {
  limits: MetricLimits;
  noData: 'inconclusive' | 'fail';
  minSamples: number;
  /** Default allowed-change of compare metrics (ratio, e.g. 0.1 = ±10 %). */
  allowedChange: number;
}

export interface BuiltinThresholds {
  /** Fraction, e.g. 0.01. */
  maxErrorRate?: number;
  /** Seconds. */
  maxP95Latency?: number;
  maxP99Latency?: number;
  /** Requests per second; below it the canary has too little traffic to judge. */
  minRequestRate?: number;
}

export interface BuildMetricsOptions {
  /** Which provider reads the built-ins. */
  builtinProvider: 'prometheus' | 'probe';
  thresholds: BuiltinThresholds;
  labels?: BuiltinLabels;
  custom?: MetricEntry[];
  defaults: MetricDefaults;
  hasBaseline: boolean;
}

function base(name: string, provider: string, defaults: MetricDefaults): Omit<MetricSpec, 'source'> {
  return {
    name,
    provider,
    critical: false,
    weight: 1,
    noData: defaults.noData,
    minSamples: defaults.minSamples,
    limits: { ...defaults.limits },
  };
}

function builtins(o: BuildMetricsOptions): MetricSpec[] {
  const t = o.thresholds;
  const d = o.defaults;
  const out: MetricSpec[] = [];
  if (o.builtinProvider === 'prometheus') {
    const q = builtinQueries(o.labels ?? DEFAULT_LABELS);
    const promql = (query: string) => ({ kind: 'promql' as const, query });
    if (t.minRequestRate !== undefined) {
      out.push({
        ...base('request-rate', 'prometheus', d),
        source: promql(q.requestRate),
        threshold: { min: t.minRequestRate },
        minIsTrafficGate: true,
        unit: 'per-second',
      });
    }
    if (t.maxErrorRate !== undefined)
      out.push({
        ...base('error-rate', 'prometheus', d),
        source: promql(q.errorRate),
        threshold: { max: t.maxErrorRate },
        unit: 'ratio',
      });
    if (t.maxP95Latency !== undefined)
      out.push({
        ...base('p95-latency', 'prometheus', d),
        source: promql(q.p95),
        threshold: { max: t.maxP95Latency },
        unit: 'seconds',
      });
    if (t.maxP99Latency !== undefined)
      out.push({
        ...base('p99-latency', 'prometheus', d),
        source: promql(q.p99),
        threshold: { max: t.maxP99Latency },
        unit: 'seconds',
      });
    return out;
  }
  if (t.minRequestRate !== undefined)
    throw new ConfigurationError(
      'min-request-rate needs prometheus-url: the HTTP probe makes its own traffic',
    );
  if (t.maxErrorRate !== undefined)
    out.push({
      ...base('error-rate', 'probe', d),
      source: { kind: 'probe', stat: 'error-rate' },
      threshold: { max: t.maxErrorRate },
      unit: 'ratio',
    });
  if (t.maxP95Latency !== undefined)
    out.push({
      ...base('p95-latency', 'probe', d),
      source: { kind: 'probe', stat: 'latency-p95' },
      threshold: { max: t.maxP95Latency },
      unit: 'seconds',
    });
  if (t.maxP99Latency !== undefined)
    out.push({
      ...base('p99-latency', 'probe', d),
      source: { kind: 'probe', stat: 'latency-p99' },
      threshold: { max: t.maxP99Latency },
      unit: 'seconds',
    });
  if (o.hasBaseline) {
    out.push({
      ...base('latency-vs-baseline', 'probe', d),
      source: { kind: 'probe', stat: 'latency' },
      compare: { direction: 'increase', allowedChange: d.allowedChange },
      unit: 'seconds',
    });
  }
  return out;
}

function custom(entry: MetricEntry, index: number, o: BuildMetricsOptions): MetricSpec {
  const d = o.defaults;
  const where = `input 'metrics': entry ${index + 1} ("${entry.name}")`;
  const used = templateVariables(entry.query, entry.name);
  if (entry.compare && !o.hasBaseline)
    throw new ConfigurationError(`${where}: compare: baseline needs baseline-selector`);
  if (entry.compare && !used.has('selector')) {
    throw new ConfigurationError(
      `${where}, field "query": a compare: baseline query must use {{selector}} so it can run once for the canary and once for the baseline`,
    );
  }
  if (used.has('baseline') && !o.hasBaseline)
    throw new ConfigurationError(
      `${where}, field "query": uses {{baseline}} but baseline-selector is not set`,
    );
  return {
    ...base(entry.name, 'prometheus', d),
    source: { kind: 'promql', query: entry.query },
    threshold: entry.threshold,
    compare: entry.compare
      ? { direction: entry.direction ?? 'either', allowedChange: entry['allowed-change'] ?? d.allowedChange }
      : undefined,
    critical: entry.critical ?? false,
    weight: entry.weight ?? 1,
    noData: entry['must-have-data'] ? 'fail' : d.noData,
    minSamples: entry['min-samples'] ?? d.minSamples,
    limits: {
      failureLimit: entry['failure-limit'] ?? d.limits.failureLimit,
      inconclusiveLimit: entry['inconclusive-limit'] ?? d.limits.inconclusiveLimit,
      consecutiveErrorLimit: entry['consecutive-error-limit'] ?? d.limits.consecutiveErrorLimit,
    },
    unit: entry.unit,
  };
}

export function buildMetrics(o: BuildMetricsOptions): MetricSpec[] {
  const specs = builtins(o);
  (o.custom ?? []).forEach((entry, i) => {
    if (o.builtinProvider !== 'prometheus')
      throw new ConfigurationError(`input 'metrics': custom PromQL metrics need prometheus-url`);
    if (specs.some((s) => s.name === entry.name))
      throw new ConfigurationError(
        `input 'metrics': entry ${i + 1} ("${entry.name}"): the name clashes with a built-in metric`,
      );
    specs.push(custom(entry, i, o));
  });
  return specs;
}
