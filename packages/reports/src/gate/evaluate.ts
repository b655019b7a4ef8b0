// The gate: each configured condition against the measured value, pass/fail with a one-line reason.
// Missing data never passes a threshold that asked for it.
import type { FindingCounts, FindingKey } from '../sarif/counts.js';
import type { TestResults } from '../tests/tally.js';

export interface GateConfig {
  minPassRate?: number;
  minTests?: number;
  maxFailures?: number;
  minLineCoverage?: number;
  minBranchCoverage?: number;
  minDiffCoverage?: number;
  maxFindings?: Partial<Record<FindingKey, number>>;
}

export interface GateData {
  tests?: TestResults;
  lineCoverage?: number;
  branchCoverage?: number;
  /** Undefined when no changed line is coverable. */
  diffCoverage?: number;
  findings?: FindingCounts;
}

export interface GateRow {
  gate: string;
  threshold: string;
  actual: string;
  passed: boolean;
  reason?: string;
}

export interface GateResult {
  verdict: 'pass' | 'fail';
  gates: GateRow[];
  reasons: string[];
}

export function executed(t: TestResults): number {
  return t.passed + t.failed + t.errored;
}

/** passed / (passed + failed + errored) × 100; skipped and quarantined tests are left out. */
export function passRate(t: TestResults): number | undefined {
  const n = executed(t);
  return n === 0 ? undefined : (t.passed / n) * 100;
}

export function format2(value: number | undefined): string {
  return value === undefined ? '' : value.toFixed(2);
}

/** Two decimals, or more when two decimals would round a failing value up to its threshold. */
function shown(value: number, threshold: number): string {
  const two = value.toFixed(2);
  return value < threshold && Number(two) >= threshold ? value.toFixed(4) : two;
}

export function evaluateGates(config: GateConfig, data: GateData): GateResult {
  const gates: GateRow[] = [];
  const t = data.tests;
  if (t && config.minTests !== undefined) {
    const n = executed(t);
    gates.push(
      row(
        'min-tests',
        String(config.minTests),
        String(n),
        n >= config.minTests,
        `${n} tests ran; min-tests is ${config.minTests}`,
      ),
    );
  }
  if (t && config.minPassRate !== undefined) {
    const rate = passRate(t);
    const ok = rate === undefined || rate >= config.minPassRate;
    const actual = rate === undefined ? 'no executed tests' : `${shown(rate, config.minPassRate)}%`;
    gates.push(
      row(
        'min-pass-rate',
        `${config.minPassRate}%`,
        actual,
        ok,
        `pass rate ${actual} is below min-pass-rate ${config.minPassRate}% (${t.failed} failed, ${t.errored} errored of ${executed(t)})`,
      ),
    );
  }
  if (t && config.maxFailures !== undefined) {
    const n = t.failed + t.errored;
    gates.push(
      row(
        'max-failures',
        String(config.maxFailures),
        String(n),
        n <= config.maxFailures,
        `${n} tests failed or errored; max-failures is ${config.maxFailures}`,
      ),
    );
  }
  coverageGate(
    gates,
    'min-line-coverage',
    config.minLineCoverage,
    data.lineCoverage,
    'line coverage',
    'the coverage reports hold no line data',
  );
  coverageGate(
    gates,
    'min-branch-coverage',
    config.minBranchCoverage,
    data.branchCoverage,
    'branch coverage',
    'the coverage reports hold no branch data',
  );
  if (config.minDiffCoverage !== undefined) {
    const d = data.diffCoverage;
    const actual = d === undefined ? 'no changed coverable lines' : `${shown(d, config.minDiffCoverage)}%`;
    gates.push(
      row(
        'min-diff-coverage',
        `${config.minDiffCoverage}%`,
        actual,
        d === undefined || d >= config.minDiffCoverage,
        `diff coverage ${actual} is below min-diff-coverage ${config.minDiffCoverage}%`,
      ),
    );
  }
  for (const [key, max] of Object.entries(config.maxFindings ?? {}) as Array<[FindingKey, number]>) {
    const n = data.findings?.[key] ?? 0;
    gates.push(
      row(
        `max-findings ${key}`,
        String(max),
        String(n),
        n <= max,
        `${n} ${key} findings; max-findings allows ${max}`,
      ),
    );
  }
  const reasons = gates.filter((g) => !g.passed).map((g) => g.reason!);
  return { verdict: reasons.length === 0 ? 'pass' : 'fail', gates, reasons };
}

function coverageGate(
  gates: GateRow[],
  gate: string,
  min: number | undefined,
  actual: number | undefined,
  what: string,
  missing: string,
): void {
  if (min === undefined) return;
  if (actual === undefined) {
    gates.push(row(gate, `${min}%`, 'no data', false, `${gate} ${min}% is set but ${missing}`));
    return;
  }
  const value = `${shown(actual, min)}%`;
  gates.push(row(gate, `${min}%`, value, actual >= min, `${what} ${value} is below ${gate} ${min}%`));
}

function row(gate: string, threshold: string, actual: string, passed: boolean, reason: string): GateRow {
  return passed ? { gate, threshold, actual, passed } : { gate, threshold, actual, passed, reason };
}
