// Finding counts by SARIF level and by security severity, and the `max-findings` limits over them.
import type { Finding } from './sarif.js';

export const FINDING_KEYS = [
  'critical',
  'high',
  'medium',
  'low',
  'error',
  'warning',
  'note',
  'none',
  'total',
] as const;
export type FindingKey = (typeof FINDING_KEYS)[number];
export type FindingCounts = Record<FindingKey, number>;

export function emptyCounts(): FindingCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, error: 0, warning: 0, note: 0, none: 0, total: 0 };
}

export function countFinding(counts: FindingCounts, finding: Finding): void {
  counts[finding.level]++;
  if (finding.severity) counts[finding.severity]++;
  counts.total++;
}
