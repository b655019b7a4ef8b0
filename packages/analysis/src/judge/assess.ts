// Argo Rollouts' metric assessment: counts of failed / inconclusive / errored measurements
// against failure-limit, inconclusive-limit and consecutive-error-limit decide a metric's phase.
import type { Measurement, MetricPhase, MetricResult, MetricSpec } from '../types.js';

export function newMetricResult(metric: MetricSpec): MetricResult {
  return {
    name: metric.name,
    phase: 'Running',
    classification: 'nodata',
    critical: metric.critical,
    weight: metric.weight,
    threshold: metric.threshold,
    compare: metric.compare,
    limits: metric.limits,
    counts: { measured: 0, successful: 0, failed: 0, inconclusive: 0, error: 0, consecutiveErrors: 0 },
    measurements: [],
    message: 'not measured yet',
    unit: metric.unit,
  };
}

/** Adds a measurement to the counts; an error streak resets on any measurement that is not an error. */
export function record(result: MetricResult, m: Measurement): void {
  result.measurements.push(m);
  const c = result.counts;
  c.measured++;
  if (m.phase === 'Error') {
    c.error++;
    c.consecutiveErrors++;
    return;
  }
  c.consecutiveErrors = 0;
  if (m.phase === 'Successful') c.successful++;
  else if (m.phase === 'Failed') c.failed++;
  else c.inconclusive++;
}

function lastWith(result: MetricResult, phase: Measurement['phase']): Measurement | undefined {
  for (let i = result.measurements.length - 1; i >= 0; i--)
    if (result.measurements[i]!.phase === phase) return result.measurements[i];
  return undefined;
}

function finish(result: MetricResult, phase: MetricPhase, message: string, from?: Measurement): MetricPhase {
  result.phase = phase;
  result.message = from ? `${message}: ${from.message}` : message;
  result.classification =
    phase === 'Successful'
      ? 'pass'
      : phase === 'Error'
        ? 'error'
        : phase === 'Inconclusive'
          ? 'nodata'
          : (from?.classification ?? 'high');
  return phase;
}

/**
 * Decides the metric's phase after its latest measurement. `roundsPlanned` is the count of
 * measurements the run will take; reaching it ends the metric.
 */
export function assessMetric(result: MetricResult, roundsPlanned: number): MetricPhase {
  const { counts: c, limits: l } = result;
  if (c.failed > l.failureLimit) {
    return finish(
      result,
      'Failed',
      `failed (${c.failed}) > failure-limit (${l.failureLimit})`,
      lastWith(result, 'Failed'),
    );
  }
  if (c.consecutiveErrors > l.consecutiveErrorLimit) {
    return finish(
      result,
      'Error',
      `consecutive errors (${c.consecutiveErrors}) > consecutive-error-limit (${l.consecutiveErrorLimit})`,
      lastWith(result, 'Error'),
    );
  }
  if (c.inconclusive > l.inconclusiveLimit) {
    return finish(
      result,
      'Inconclusive',
      `inconclusive (${c.inconclusive}) > inconclusive-limit (${l.inconclusiveLimit})`,
      lastWith(result, 'Inconclusive'),
    );
  }
  if (c.measured < roundsPlanned) return 'Running';
  // Unlike Argo, a metric that never produced a single judged measurement is never Successful.
  if (c.successful + c.failed + c.inconclusive === 0) {
    return finish(
      result,
      'Error',
      `no measurement succeeded (${c.error} error(s))`,
      lastWith(result, 'Error'),
    );
  }
  if (c.successful === 0) {
    return finish(
      result,
      'Inconclusive',
      `no successful measurement (${c.inconclusive} inconclusive)`,
      lastWith(result, 'Inconclusive'),
    );
  }
  const last = result.measurements[result.measurements.length - 1];
  result.phase = 'Successful';
  result.classification = 'pass';
  result.message = `count (${roundsPlanned}) reached: ${c.successful} successful, ${c.failed} failed, ${c.inconclusive} inconclusive, ${c.error} error(s)${last ? `; last: ${last.message}` : ''}`;
  return 'Successful';
}

export function isTerminal(phase: MetricPhase): boolean {
  return phase !== 'Running';
}
