// The analysis model shared by providers, the judge and the measurement loop. Names follow Argo
// Rollouts (AnalysisRun phases, limits) and Kayenta (classification, score).

/** What one metric reads, interpreted by the provider named in `provider`. */
export type MetricSource = { kind: 'promql'; query: string } | { kind: 'probe'; stat: ProbeStat };

export type ProbeStat = 'error-rate' | 'latency-p95' | 'latency-p99' | 'latency';

export type Direction = 'increase' | 'decrease' | 'either';

export interface MetricLimits {
  /** Failed measurements tolerated; one more fails the metric (Argo failureLimit). */
  failureLimit: number;
  /** Inconclusive measurements tolerated (Argo inconclusiveLimit). */
  inconclusiveLimit: number;
  /** Provider errors in a row tolerated; one more ends the metric in Error (Argo consecutiveErrorLimit). */
  consecutiveErrorLimit: number;
}

export interface MetricSpec {
  name: string;
  /** Key into the providers given to `analyze`. */
  provider: string;
  source: MetricSource;
  /** Absolute bounds on the canary value. */
  threshold?: { min?: number; max?: number };
  /** Canary against baseline: Mann-Whitney U plus a mean-ratio effect gate. */
  compare?: { direction: Direction; allowedChange: number };
  /** Below `threshold.min` means "not enough traffic to judge" (inconclusive), not a failure. */
  minIsTrafficGate?: boolean;
  critical: boolean;
  weight: number;
  /** What a measurement without data counts as. */
  noData: 'inconclusive' | 'fail';
  /** Samples needed on each side for a measurement to have data. */
  minSamples: number;
  limits: MetricLimits;
  /** How values print: ratio as percent, seconds as ms, plain numbers otherwise. */
  unit?: 'ratio' | 'seconds' | 'per-second';
}

/** What a provider read for one side (canary or baseline) in one measurement window. */
export interface SideValue {
  /** The scalar judged against thresholds (NaN or undefined = no data). */
  value?: number;
  /** Individual observations for the rank test (range-query points, probe latencies). */
  samples: number[];
}

export interface ProviderReading {
  canary: SideValue;
  baseline?: SideValue;
}

export interface MeasureContext {
  /** Window end (ms since the epoch) and length. */
  end: number;
  windowMs: number;
  intervalMs: number;
  /** Whether the baseline side is wanted (compare metrics, or for display). */
  withBaseline: boolean;
  signal?: AbortSignal;
}

export interface MetricProvider {
  /** For messages: "Prometheus at http://…", "HTTP probe of https://…". */
  readonly description: string;
  /** A first contact (and, for query providers, a dry run of each query) before any waiting. */
  preflight(metrics: MetricSpec[], signal?: AbortSignal): Promise<void>;
  measure(metric: MetricSpec, ctx: MeasureContext): Promise<ProviderReading>;
}

export type Classification = 'pass' | 'high' | 'low' | 'nodata' | 'error';

export type MeasurementPhase = 'Successful' | 'Failed' | 'Inconclusive' | 'Error';

export interface Measurement {
  /** 1-based round number. */
  round: number;
  at: number;
  phase: MeasurementPhase;
  classification: Classification;
  canary?: number;
  baseline?: number;
  samples?: { canary: number; baseline?: number };
  pValue?: number;
  /** mean(canary) / mean(baseline). */
  ratio?: number;
  message: string;
}

export type MetricPhase = 'Running' | 'Successful' | 'Failed' | 'Inconclusive' | 'Error';

export interface MetricResult {
  name: string;
  phase: MetricPhase;
  /** Final classification: from the phase, and for pass/fail the latest measurement. */
  classification: Classification;
  critical: boolean;
  weight: number;
  threshold?: MetricSpec['threshold'];
  compare?: MetricSpec['compare'];
  limits: MetricLimits;
  counts: {
    measured: number;
    successful: number;
    failed: number;
    inconclusive: number;
    error: number;
    consecutiveErrors: number;
  };
  measurements: Measurement[];
  /** Why the metric ended in its phase. */
  message: string;
  unit?: MetricSpec['unit'];
}

export type Verdict = 'pass' | 'fail' | 'inconclusive';

export interface AnalysisResult {
  verdict: Verdict;
  /** 0-100 (Kayenta-style weighted score, averaged over the rounds). */
  score: number;
  reason: string;
  startedAt: number;
  finishedAt: number;
  rounds: number;
  /** Score of each round, null where nothing could be scored. */
  roundScores: Array<number | null>;
  metrics: MetricResult[];
}
