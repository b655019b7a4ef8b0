// Judges one measurement of one metric: absolute thresholds, then (if asked) the canary against
// the baseline the way Kayenta's Mann-Whitney classifier does: significance at `confidence`,
// then an effect-size gate on the mean ratio, then the direction that counts as bad.
import { formatValue } from '../format.js';
import { mean } from '../stats/descriptive.js';
import { mannWhitneyU } from '../stats/mann-whitney.js';
import type { Classification, MeasurementPhase, MetricSpec, ProviderReading, SideValue } from '../types.js';

export interface Judgement {
  phase: MeasurementPhase;
  classification: Classification;
  canary?: number;
  baseline?: number;
  samples?: { canary: number; baseline?: number };
  pValue?: number;
  ratio?: number;
  message: string;
}

function sideValue(side: SideValue | undefined): number | undefined {
  if (!side) return undefined;
  const v = side.value ?? (side.samples.length > 0 ? mean(side.samples) : undefined);
  return v === undefined || Number.isNaN(v) ? undefined : v;
}

function hasData(side: SideValue | undefined, minSamples: number, needValue: boolean): boolean {
  if (!side) return false;
  if (needValue && sideValue(side) === undefined) return false;
  // A threshold can judge +Inf (e.g. histogram_quantile above the top bucket); the rank test cannot.
  const usable = needValue
    ? side.samples.filter((s) => !Number.isNaN(s))
    : side.samples.filter(Number.isFinite);
  return usable.length >= minSamples;
}

function noData(metric: MetricSpec, base: Partial<Judgement>, what: string): Judgement {
  const phase = metric.noData === 'fail' ? 'Failed' : 'Inconclusive';
  return { ...base, phase, classification: 'nodata', message: `${what} (no-data: ${metric.noData})` };
}

export function meanRatio(canary: number[], baseline: number[]): number {
  const c = mean(canary);
  const b = mean(baseline);
  if (b === 0) return c === 0 ? 1 : c > 0 ? Number.POSITIVE_INFINITY : 0;
  return c / b;
}

function judgeThreshold(metric: MetricSpec, value: number): Judgement | undefined {
  const { min, max } = metric.threshold ?? {};
  const show = (v: number) => formatValue(v, metric.unit);
  if (max !== undefined && value > max) {
    return { phase: 'Failed', classification: 'high', message: `canary ${show(value)} > max ${show(max)}` };
  }
  if (min !== undefined && value < min) {
    if (metric.minIsTrafficGate) {
      return {
        phase: 'Inconclusive',
        classification: 'nodata',
        message: `canary ${show(value)} < min ${show(min)}: not enough traffic to judge`,
      };
    }
    return { phase: 'Failed', classification: 'low', message: `canary ${show(value)} < min ${show(min)}` };
  }
  return undefined;
}

function judgeCompare(metric: MetricSpec, reading: ProviderReading, confidence: number): Judgement {
  const compare = metric.compare!;
  const canary = reading.canary.samples.filter(Number.isFinite);
  const baseline = (reading.baseline?.samples ?? []).filter(Number.isFinite);
  const test = mannWhitneyU(canary, baseline);
  const ratio = meanRatio(canary, baseline);
  const detail = `p=${test.pValue.toPrecision(3)}, mean ratio ${Number(ratio.toPrecision(4))}`;
  const base = { pValue: test.pValue, ratio };
  if (test.pValue >= 1 - confidence || test.direction === 0) {
    return {
      ...base,
      phase: 'Successful',
      classification: 'pass',
      message: `no significant difference from baseline (${detail})`,
    };
  }
  const higher = test.direction > 0;
  const withinEffect = higher ? ratio <= 1 + compare.allowedChange : ratio >= 1 - compare.allowedChange;
  if (withinEffect) {
    return {
      ...base,
      phase: 'Successful',
      classification: 'pass',
      message: `significant but within allowed-change ${compare.allowedChange} (${detail})`,
    };
  }
  const bad =
    compare.direction === 'either' ||
    (higher ? compare.direction === 'increase' : compare.direction === 'decrease');
  if (!bad) {
    return {
      ...base,
      phase: 'Successful',
      classification: 'pass',
      message: `${higher ? 'higher' : 'lower'} than baseline, the harmless direction (${detail})`,
    };
  }
  return {
    ...base,
    phase: 'Failed',
    classification: higher ? 'high' : 'low',
    message: `canary ${higher ? 'higher' : 'lower'} than baseline (${detail})`,
  };
}

/** The verdict on one measurement of `metric` given what the provider read. */
export function classifyMeasurement(
  metric: MetricSpec,
  reading: ProviderReading,
  confidence: number,
): Judgement {
  const canaryValue = sideValue(reading.canary);
  const baselineValue = sideValue(reading.baseline);
  const base: Partial<Judgement> = {
    canary: canaryValue,
    baseline: baselineValue,
    samples: { canary: reading.canary.samples.length, baseline: reading.baseline?.samples.length },
  };
  if (!hasData(reading.canary, metric.minSamples, metric.threshold !== undefined)) {
    return noData(
      metric,
      base,
      `no data for the canary (${reading.canary.samples.length} sample(s), min-samples ${metric.minSamples})`,
    );
  }
  if (metric.threshold) {
    const broken = judgeThreshold(metric, canaryValue!);
    if (broken) return { ...base, ...broken };
  }
  if (metric.compare) {
    if (!hasData(reading.baseline, metric.minSamples, false)) {
      return noData(
        metric,
        base,
        `no data for the baseline (${reading.baseline?.samples.length ?? 0} sample(s), min-samples ${metric.minSamples})`,
      );
    }
    return { ...base, ...judgeCompare(metric, reading, confidence) };
  }
  return {
    ...base,
    phase: 'Successful',
    classification: 'pass',
    message: `canary ${formatValue(canaryValue, metric.unit)} within threshold`,
  };
}
