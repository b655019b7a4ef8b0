// Gate evaluation: thresholds, missing data, rounding at the boundary; the tally's flaky rules; SARIF levels and severities.
import path from 'node:path';
import {
  collectReports,
  evaluateGates,
  passRate,
  severityOf,
  TestTally,
  type TestResults,
} from '@deploy-actions/reports';

function results(p: Partial<TestResults>): TestResults {
  return {
    total: 0,
    passed: 0,
    failed: 0,
    errored: 0,
    skipped: 0,
    flaky: 0,
    quarantined: 0,
    failures: [],
    flakyTests: [],
    quarantinedTests: [],
    truncated: false,
    ...p,
  };
}

test('pass rate = passed / (passed + failed + errored), skipped excluded', () => {
  expect(passRate(results({ passed: 7, failed: 1, errored: 1, skipped: 5 }))!.toFixed(2)).toBe('77.78');
  expect(passRate(results({ skipped: 3 }))).toBeUndefined();
});

test('every failed condition becomes one reason; passing ones none', () => {
  const r = evaluateGates(
    {
      minPassRate: 95,
      minTests: 10,
      maxFailures: 1,
      minLineCoverage: 80,
      minBranchCoverage: 70,
      minDiffCoverage: 90,
      maxFindings: { critical: 0, warning: 5 },
    },
    {
      tests: results({ passed: 7, failed: 1, errored: 1 }),
      lineCoverage: 85.5,
      branchCoverage: 60,
      diffCoverage: 50,
      findings: { critical: 1, high: 0, medium: 0, low: 0, error: 1, warning: 2, note: 0, none: 0, total: 3 },
    },
  );
  expect(r.verdict).toBe('fail');
  expect(r.reasons).toEqual([
    '9 tests ran; min-tests is 10',
    'pass rate 77.78% is below min-pass-rate 95% (1 failed, 1 errored of 9)',
    '2 tests failed or errored; max-failures is 1',
    'branch coverage 60.00% is below min-branch-coverage 70%',
    'diff coverage 50.00% is below min-diff-coverage 90%',
    '1 critical findings; max-findings allows 0',
  ]);
  expect(r.gates.map((g) => `${g.gate}:${g.passed}`)).toContain('min-line-coverage:true');
  expect(r.gates.find((g) => g.gate === 'max-findings warning')).toEqual({
    gate: 'max-findings warning',
    threshold: '5',
    actual: '2',
    passed: true,
  });
});

test('missing coverage data never passes; no changed lines passes diff coverage', () => {
  const r = evaluateGates({ minLineCoverage: 1, minBranchCoverage: 1, minDiffCoverage: 80 }, {});
  expect(r.reasons).toEqual([
    'min-line-coverage 1% is set but the coverage reports hold no line data',
    'min-branch-coverage 1% is set but the coverage reports hold no branch data',
  ]);
  expect(r.gates[2]).toMatchObject({
    gate: 'min-diff-coverage',
    actual: 'no changed coverable lines',
    passed: true,
  });
});

test('a value just under the threshold is not shown rounded up to it', () => {
  const r = evaluateGates({ minPassRate: 95 }, { tests: results({ passed: 18999, failed: 1000 }) });
  expect(r.reasons[0]).toMatch(/^pass rate 94\.9997% is below/);
});

test('tally: errored wins over failed only when the test never failed; skipped-only tests are skipped', () => {
  const tally = new TestTally({ allowFlaky: true });
  const report = { file: 'r.xml' };
  tally.add({ classname: 'a', name: '1', outcome: 'errored', report });
  tally.add({ classname: 'a', name: '2', outcome: 'failed', report });
  tally.add({ classname: 'a', name: '2', outcome: 'errored', report });
  tally.add({ classname: 'a', name: '3', outcome: 'skipped', report });
  tally.add({ classname: 'a', name: '4', outcome: 'failed', message: 'first', report });
  tally.add({ classname: 'a', name: '4', outcome: 'passed', report });
  const r = tally.result();
  expect([r.errored, r.failed, r.skipped, r.passed, r.flaky, r.total]).toEqual([1, 1, 1, 1, 1, 4]);
  expect(r.flakyTests[0]).toMatchObject({ id: 'a::4', message: 'first' });
});

test('tally keeps names of at most maxDetails failures but counts them all', () => {
  const tally = new TestTally({ allowFlaky: true, maxDetails: 3 });
  for (let i = 0; i < 10; i++)
    tally.add({ classname: 'c', name: `t${i}`, outcome: 'failed', report: { file: 'r' } });
  const r = tally.result();
  expect([r.failed, r.failures.length, r.truncated]).toEqual([10, 3, true]);
});

test('SARIF: level from result, else rule default, else warning; security-severity bands; suppressed and kind=pass skipped', async () => {
  const r = await collectReports({
    cwd: path.resolve(import.meta.dirname, '../../../test/fixtures/reports/handwritten'),
    sarif: ['codeql.sarif'],
  });
  expect(r.findings!.counts).toEqual({
    critical: 1,
    high: 1,
    medium: 1,
    low: 0,
    error: 2,
    warning: 1,
    note: 1,
    none: 0,
    total: 4,
  });
  expect(r.findings!.list.map((f) => [f.ruleId, f.level, f.severity ?? '-', `${f.file}:${f.line}`])).toEqual([
    ['js/sql-injection', 'error', 'critical', 'src/db.js:12'],
    ['js/reflected-xss', 'error', 'high', 'src/web.js:40'],
    ['js/weak-crypto', 'warning', 'medium', 'src/hash.js:3'],
    ['js/unused-local-variable', 'note', '-', 'undefined:undefined'],
  ]);
  expect([
    severityOf(9),
    severityOf(8.99),
    severityOf(7),
    severityOf(4),
    severityOf(3.9),
    severityOf(0),
  ]).toEqual(['critical', 'high', 'high', 'medium', 'low', 'low']);
});
