// Kayenta-style weighted score per round and the run's verdict from metric phases and score.
import type { AnalysisResult, Classification, MetricResult, Verdict } from '../types.js';

export interface ScoreThresholds {
  /** Score at or above which the run may pass (default 95). */
  passScore: number;
  /** Score below which the run fails (default 75); in between is marginal: inconclusive. */
  marginalScore: number;
}

export interface RoundEntry {
  weight: number;
  critical: boolean;
  classification: Classification;
}

/**
 * 100 × (weight of passing metrics) / (weight of judged metrics). No-data and error measurements
 * are not judged (they never add a pass); a critical metric that is not a pass forces 0.
 * Returns null when nothing in the round could be judged.
 */
export function roundScore(entries: RoundEntry[]): number | null {
  if (entries.some((e) => e.critical && e.classification !== 'pass')) return 0;
  const judged = entries.filter((e) => e.classification !== 'nodata' && e.classification !== 'error');
  const total = judged.reduce((sum, e) => sum + e.weight, 0);
  if (judged.length === 0 || total <= 0) return null;
  const passed = judged.filter((e) => e.classification === 'pass').reduce((sum, e) => sum + e.weight, 0);
  return (100 * passed) / total;
}

/** The run score: the mean of the rounds that could be scored; null if none could. */
export function runScore(roundScores: Array<number | null>): number | null {
  const scored = roundScores.filter((s): s is number => s !== null);
  if (scored.length === 0) return null;
  return Math.round((scored.reduce((a, b) => a + b, 0) / scored.length) * 100) / 100;
}

export function decideVerdict(
  metrics: MetricResult[],
  score: number | null,
  thresholds: ScoreThresholds,
): Pick<AnalysisResult, 'verdict' | 'reason'> {
  const broken = metrics.find((m) => m.phase === 'Failed') ?? metrics.find((m) => m.phase === 'Error');
  if (broken)
    return { verdict: 'fail', reason: `metric "${broken.name}" assessed ${broken.phase}: ${broken.message}` };
  if (score !== null && score < thresholds.marginalScore) {
    return { verdict: 'fail', reason: `score ${score} < marginal-score ${thresholds.marginalScore}` };
  }
  const unsure = metrics.find((m) => m.phase === 'Inconclusive' || m.phase === 'Running');
  if (unsure)
    return {
      verdict: 'inconclusive',
      reason: `metric "${unsure.name}" assessed ${unsure.phase === 'Running' ? 'Inconclusive' : unsure.phase}: ${unsure.message}`,
    };
  if (score === null) return { verdict: 'inconclusive', reason: 'no measurement could be judged' };
  if (score < thresholds.passScore) {
    return {
      verdict: 'inconclusive',
      reason: `marginal: score ${score} < pass-score ${thresholds.passScore} (≥ marginal-score ${thresholds.marginalScore})`,
    };
  }
  const verdict: Verdict = 'pass';
  return {
    verdict,
    reason: `all ${metrics.length} metric(s) passed; score ${score} ≥ pass-score ${thresholds.passScore}`,
  };
}
