// The JSON report and the `metrics` output: per metric the values, limits and classification.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnalysisResult } from '@deploy-actions/analysis';

export function metricsOutput(result: AnalysisResult) {
  return result.metrics.map((m) => ({
    name: m.name,
    phase: m.phase,
    classification: m.classification,
    critical: m.critical,
    weight: m.weight,
    threshold: m.threshold,
    compare: m.compare,
    limits: m.limits,
    counts: m.counts,
    message: m.message,
    values: m.measurements.map((x) => ({
      round: x.round,
      phase: x.phase,
      canary: x.canary ?? null,
      baseline: x.baseline ?? null,
      pValue: x.pValue,
      ratio: x.ratio,
    })),
  }));
}

export async function writeReport(file: string, workspace: string, result: AnalysisResult): Promise<string> {
  const target = path.resolve(workspace, file);
  await mkdir(path.dirname(target), { recursive: true });
  const report = {
    verdict: result.verdict,
    score: result.score,
    reason: result.reason,
    startedAt: new Date(result.startedAt).toISOString(),
    finishedAt: new Date(result.finishedAt).toISOString(),
    rounds: result.rounds,
    roundScores: result.roundScores,
    metrics: result.metrics,
  };
  await writeFile(target, JSON.stringify(report, null, 2) + '\n');
  return target;
}
