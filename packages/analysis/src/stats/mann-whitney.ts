// Mann-Whitney U (Wilcoxon rank-sum) test, large-sample normal approximation with tie and
// continuity correction: the same figures as scipy.stats.mannwhitneyu(method='asymptotic').

import { twoSidedP } from './normal.js';

export interface MannWhitneyResult {
  /** U of the first sample (x): the number of (x, y) pairs with x > y, ties counting one half. */
  u: number;
  /** min(Ux, Uy), the statistic printed in most tables. */
  uMin: number;
  z: number;
  /** Two-sided p-value. */
  pValue: number;
  /** +1 when x tends to be larger than y, -1 when smaller, 0 when neither. */
  direction: -1 | 0 | 1;
}

/** Average ranks (1-based) of `values`, ties sharing the mean of their ranks; also Σ(t³ − t). */
export function rankWithTies(values: readonly number[]): { ranks: number[]; tieTerm: number } {
  // A typed-array sort (numeric, no comparator) and a value → rank map: several times faster
  // than sorting index objects with a comparator.
  const sorted = Float64Array.from(values).sort();
  const rankOf = new Map<number, number>();
  let tieTerm = 0;
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[start]) end++;
    rankOf.set(sorted[start]!, (start + end + 2) / 2);
    const t = end - start + 1;
    tieTerm += t * t * t - t;
    start = end + 1;
  }
  return { ranks: values.map((v) => rankOf.get(v)!), tieTerm };
}

export function mannWhitneyU(
  x: readonly number[],
  y: readonly number[],
  options: { continuity?: boolean } = {},
): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('Mann-Whitney U needs at least one value in each sample');
  if ([...x, ...y].some((v) => !Number.isFinite(v)))
    throw new RangeError('Mann-Whitney U needs finite values');
  const { ranks, tieTerm } = rankWithTies([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i]!;
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const mu = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  const diff = u - mu;
  const direction: -1 | 0 | 1 = diff > 0 ? 1 : diff < 0 ? -1 : 0;
  if (variance <= 0) return { u, uMin: Math.min(u, n1 * n2 - u), z: 0, pValue: 1, direction };
  const correction = options.continuity === false ? 0 : 0.5;
  const z = (Math.sign(diff) * Math.max(0, Math.abs(diff) - correction)) / Math.sqrt(variance);
  return { u, uMin: Math.min(u, n1 * n2 - u), z, pValue: twoSidedP(z), direction };
}
