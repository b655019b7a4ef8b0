// Diff coverage: of the lines a change added, those a coverage report knows as coverable, the share covered.
import type { CoverageMap, Ratio } from './coverage-map.js';
import type { ChangedLines } from './git-diff.js';

export interface DiffCoverage extends Ratio {
  /** Per changed file with coverable lines: the uncovered changed lines (for annotations and the summary). */
  files: Array<{ file: string; covered: number; total: number; uncovered: number[] }>;
}

export function diffCoverage(map: CoverageMap, changed: ChangedLines): DiffCoverage {
  const result: DiffCoverage = { covered: 0, total: 0, files: [] };
  for (const [file, lines] of changed) {
    const coverage = map.lookup(file);
    if (!coverage) continue;
    const entry = { file, covered: 0, total: 0, uncovered: [] as number[] };
    for (const line of [...lines].sort((a, b) => a - b)) {
      const hits = coverage.lines.get(line);
      if (hits === undefined) continue;
      entry.total++;
      if (hits > 0) entry.covered++;
      else entry.uncovered.push(line);
    }
    if (entry.total === 0) continue;
    result.covered += entry.covered;
    result.total += entry.total;
    result.files.push(entry);
  }
  return result;
}
