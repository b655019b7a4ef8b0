// The bundled quality-gate run as the runner runs it (node dist/quality-gate/index.js with INPUT_*
// variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) on reports made by the real tools.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundle } from '../../scripts/bundler.js';
import { repoRoot, runBundledAction, type ActionRun } from '../harness/run-action.js';

const F = path.join(repoRoot, 'test/fixtures/reports');
let distDir: string;
let tmp: string;

beforeAll(async () => {
  distDir = mkdtempSync(path.join(os.tmpdir(), 'qg-dist-'));
  tmp = mkdtempSync(path.join(os.tmpdir(), 'qg-e2e-'));
  await bundle({
    entries: { 'quality-gate': 'actions/quality-gate/src/index.ts' },
    outdir: distDir,
    root: repoRoot,
  });
}, 60_000);

afterAll(() => {
  rmSync(distDir, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
});

function run(inputs: Record<string, string>, cwd = F): Promise<ActionRun> {
  return runBundledAction('quality-gate', inputs, {
    distDir,
    cwd,
    env: { GITHUB_WORKSPACE: cwd },
    timeoutMs: 30_000,
  });
}

const annotations = (out: string) => out.split('\n').filter((l) => /^::(error|warning)( |::)/.test(l));

test('passing gate on jest, its coverage and eslint SARIF: every output exact, exit 0', async () => {
  const report = path.join(tmp, 'pass.json');
  const r = await run({
    'test-results': 'jest/jest.json',
    coverage: 'jest/lcov.info\njest/cobertura-coverage.xml',
    sarif: 'eslint/*.sarif',
    'min-pass-rate': '80',
    'min-line-coverage': '75%',
    'max-findings': 'critical=0, high=0, error=2',
    'report-file': report,
  });
  expect(r.code).toBe(0);
  expect(r.outputs).toEqual({
    verdict: 'pass',
    reasons: '',
    'tests-total': '7',
    'tests-passed': '4',
    'tests-failed': '1',
    'tests-errored': '0',
    'tests-skipped': '2',
    'tests-flaky': '1',
    'pass-rate': '80.00',
    'line-coverage': '76.92',
    'branch-coverage': '75.00',
    'diff-coverage': '',
    findings: '{"critical":0,"high":0,"medium":0,"low":0,"error":2,"warning":2,"note":0,"none":0,"total":4}',
    'report-file': report,
  });
  expect(r.summary.startsWith('## Quality gate: ✅ pass\n')).toBe(true);
  expect(r.summary).toContain('| min-pass-rate | 80% | 80.00% | ✅ pass |');
  expect(r.summary).toContain('<summary>Flaky tests (1): failed, then passed</summary>');
  expect(r.summary).toContain('| src | 76.92% (10/13) | 75.00% (6/8) |');
  const json = JSON.parse(readFileSync(report, 'utf8'));
  expect(json.tests.flakyTests[0].id).toBe('test/price.test.js::shipping retried');
  expect(json.reports.map((f: { format: string }) => f.format)).toEqual([
    'jest-json',
    'lcov',
    'cobertura',
    'sarif',
  ]);
  // the jest failure and the 4 eslint findings are annotated at file:line
  expect(annotations(r.stdout)).toContain(
    '::error file=test/price.test.js,line=10::Test failed: test/price.test.js::price wrong expectation — Error: expect(received).toBe(expected) // Object.is equality',
  );
  expect(annotations(r.stdout)).toContain('::error file=bad.js,line=5::ESLint no-eval: eval can be harmful.');
});

test('failing gate over pytest, JUnit 5 and go test: exit 1 with every reason listed', async () => {
  const r = await run({
    'test-results': 'pytest/xunit1.xml, junit5/TEST-*.xml, go/go-test.json',
    'min-pass-rate': '95',
    'min-tests': '30',
    'max-failures': '3',
    'report-file': path.join(tmp, 'fail.json'),
  });
  expect(r.code).toBe(1);
  // pytest 4/3/1/2 + JUnit 5 4/1/1/1 + go 4/2/0/1 (passed/failed/errored/skipped)
  expect([
    r.outputs['tests-total'],
    r.outputs['tests-passed'],
    r.outputs['tests-failed'],
    r.outputs['tests-errored'],
    r.outputs['tests-skipped'],
  ]).toEqual(['24', '12', '6', '2', '4']);
  expect(r.outputs['pass-rate']).toBe('60.00');
  expect(r.outputs.verdict).toBe('fail');
  const reasons = [
    '20 tests ran; min-tests is 30',
    'pass rate 60.00% is below min-pass-rate 95% (6 failed, 2 errored of 20)',
    '8 tests failed or errored; max-failures is 3',
  ];
  expect(r.outputs.reasons).toBe(reasons.join('\n'));
  // the one failure line names every reason (% is escaped as %25 in workflow commands)
  expect(r.stdout).toContain(
    `::error::quality-gate: quality gate failed: ${reasons.join('; ').replace(/%/g, '%25')}`,
  );
  expect(annotations(r.stdout)).toContain(
    '::error file=test_sample.py,line=18::Test failed: test_sample::test_add_table[2-2-5] — assert 4 == 5',
  );
  expect(r.summary.startsWith('## Quality gate: ❌ fail\n')).toBe(true);
  expect(r.summary).toContain('<summary>Failed tests (8)</summary>');
});

test('fail-on-gate false: outputs say fail, the step passes', async () => {
  const r = await run({
    'test-results': 'go/go-test.json',
    'fail-on-gate': 'false',
    'report-file': path.join(tmp, 'soft.json'),
  });
  expect([r.code, r.outputs.verdict, r.outputs['pass-rate']]).toEqual([0, 'fail', '66.67']);
  expect(r.stdout).toContain(
    '::warning::quality gate failed: pass rate 66.67%25 is below min-pass-rate 100%25',
  );
});

test('a malformed report fails with file:line and an annotation on it; verdict is still set', async () => {
  writeFileSync(
    path.join(tmp, 'broken.xml'),
    '<testsuite name="s">\n  <testcase name="a">\n  </testsuite>\n',
  );
  const r = await run({ 'test-results': 'broken.xml', 'report-file': 'qg.json' }, tmp);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(
    /^::error file=broken\.xml,line=3::quality-gate: broken\.xml:3: malformed XML: unexpected close tag/m,
  );
  expect(r.outputs.verdict).toBe('fail');
});

test('a glob matching nothing names the glob; allow-missing turns it into a warning and min-tests catches the empty run', async () => {
  const missing = await run({ 'test-results': 'build/test-results/**/*.xml' });
  expect(missing.code).toBe(1);
  expect(missing.stdout).toContain(
    `::error::quality-gate: test-results: no file matches "build/test-results/**/*.xml" (searched from ${F})`,
  );
  const allowed = await run({
    'test-results': 'build/test-results/**/*.xml',
    'allow-missing': 'true',
    'report-file': path.join(tmp, 'm.json'),
  });
  expect(allowed.code).toBe(1);
  expect(allowed.outputs.reasons).toBe('0 tests ran; min-tests is 1');
  expect([allowed.outputs['tests-total'], allowed.outputs['pass-rate']]).toEqual(['0', '']);
});

test('bad inputs fail before reading anything, naming the input', async () => {
  const r = await run({ 'test-results': 'go/go-test.json', 'max-findings': 'critical=0,severe=1' });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(
    `::error::quality-gate: input 'max-findings': got "critical=0,severe=1"; unknown key "severe"; use critical, high, medium, low, error, warning, note, none, total`,
  );
  const r2 = await run({ coverage: 'jest/lcov.info', 'min-diff-coverage': '80' });
  expect(r2.stdout).toContain(
    `::error::quality-gate: input 'base-ref': got empty; min-diff-coverage needs base-ref, e.g. origin/main`,
  );
});

test('diff coverage against a base ref in a git checkout', async () => {
  const repo = path.join(tmp, 'repo');
  mkdirSync(path.join(repo, 'src'), { recursive: true });
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@t',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@t',
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env });
  git('init', '-q', '-b', 'main');
  writeFileSync(path.join(repo, 'src/a.js'), 'a\nb\n');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  git('checkout', '-q', '-b', 'feature');
  writeFileSync(path.join(repo, 'src/a.js'), 'a\nb\nc\nd\ne\n');
  git('commit', '-q', '-am', 'change');
  // coverage as a runner on Windows would write it
  writeFileSync(
    path.join(repo, 'lcov.info'),
    'SF:D:\\a\\app\\app\\src\\a.js\nDA:1,1\nDA:2,1\nDA:3,1\nDA:4,0\nDA:5,0\nend_of_record\n',
  );
  const r = await run(
    { coverage: 'lcov.info', 'min-diff-coverage': '50', 'base-ref': 'main', 'report-file': 'qg.json' },
    repo,
  );
  expect([r.code, r.outputs['diff-coverage'], r.outputs['line-coverage'], r.outputs.verdict]).toEqual([
    1,
    '33.33',
    '60.00',
    'fail',
  ]);
  expect(r.outputs.reasons).toBe('diff coverage 33.33% is below min-diff-coverage 50%');
  expect(annotations(r.stdout)).toContain(
    '::warning file=src/a.js,line=4::2 changed line(s) not covered by tests: 4-5',
  );
});

test('annotations stop at 50', async () => {
  const cases = Array.from(
    { length: 80 },
    (_, i) =>
      `<testcase classname="c" name="t${i}" file="src/t.py" line="${i + 1}"><failure message="no ${i}"/></testcase>`,
  );
  writeFileSync(path.join(tmp, 'many.xml'), `<testsuite name="s">${cases.join('\n')}</testsuite>`);
  const r = await run({ 'test-results': 'many.xml', 'report-file': 'qg.json' }, tmp);
  expect(r.outputs['tests-failed']).toBe('80');
  expect(annotations(r.stdout).filter((l) => l.startsWith('::error file='))).toHaveLength(50);
  expect(r.stdout).toContain('30 more annotations left out (limit 50)');
});
