// The step outputs and the JSON report file, from what was read and what the gate decided.
import { format2, passRate, type Collected, type GateResult } from '@deploy-actions/reports';

export function outputsOf(c: Collected, gate: GateResult, reportFile: string): Record<string, string> {
  const t = c.tests;
  const count = (n: number | undefined) => (n === undefined ? '' : String(n));
  return {
    verdict: gate.verdict,
    reasons: gate.reasons.join('\n'),
    'tests-total': count(t?.total),
    'tests-passed': count(t?.passed),
    'tests-failed': count(t?.failed),
    'tests-errored': count(t?.errored),
    'tests-skipped': count(t?.skipped),
    'tests-flaky': count(t?.flaky),
    'pass-rate': t ? format2(passRate(t)) : '',
    'line-coverage': format2(c.coverage?.line),
    'branch-coverage': format2(c.coverage?.branch),
    'diff-coverage': format2(c.coverage?.diffPercent),
    findings: c.findings ? JSON.stringify(c.findings.counts) : '',
    'report-file': reportFile,
  };
}

const LIST_LIMIT = 200;

/** Everything a later step (or a person) may want, in one JSON document. */
export function reportOf(c: Collected, gate: GateResult): object {
  const t = c.tests;
  return {
    verdict: gate.verdict,
    reasons: gate.reasons,
    gates: gate.gates,
    reports: c.files,
    unmatchedGlobs: c.unmatched,
    tests: t && {
      total: t.total,
      passed: t.passed,
      failed: t.failed,
      errored: t.errored,
      skipped: t.skipped,
      flaky: t.flaky,
      quarantined: t.quarantined,
      passRate: passRate(t) ?? null,
      failures: t.failures.slice(0, LIST_LIMIT),
      flakyTests: t.flakyTests.slice(0, LIST_LIMIT),
      quarantinedTests: t.quarantinedTests.slice(0, LIST_LIMIT),
    },
    coverage: c.coverage && {
      line: c.coverage.line ?? null,
      branch: c.coverage.branch ?? null,
      diff: c.coverage.diffPercent ?? null,
      files: c.coverage.map.files.size,
      byFolder: Object.fromEntries(c.coverage.map.byFolder()),
      diffFiles: c.coverage.diff?.files.slice(0, LIST_LIMIT),
    },
    findings: c.findings && { counts: c.findings.counts, list: c.findings.list.slice(0, LIST_LIMIT) },
  };
}
