// Reports produced by the real tools (test/fixtures/reports/regenerate.sh); the expected counts are
// the ones each tool printed itself (quoted from the tool's output.txt next to the fixture).
import path from 'node:path';
import { collectReports, type Collected } from '@deploy-actions/reports';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const F = path.join(ROOT, 'test/fixtures/reports');

async function tests(...files: string[]): Promise<NonNullable<Collected['tests']>> {
  const r = await collectReports({ cwd: F, testResults: files });
  return r.tests!;
}

describe('pytest --junitxml', () => {
  // pytest: "3 failed, 4 passed, 1 skipped, 1 xfailed, 1 error"
  test.each(['pytest/xunit2.xml', 'pytest/xunit1.xml'])('%s counts as pytest printed', async (file) => {
    const t = await tests(file);
    expect([t.passed, t.failed, t.errored, t.skipped, t.total]).toEqual([4, 3, 1, 2, 10]); // xfailed is a skip in JUnit
    expect(t.failures.map((f) => f.id).sort()).toEqual([
      'test_sample::test_add_table[2-2-5]',
      'test_sample::test_flaky',
      'test_sample::test_string_entities',
      'test_sample::test_uses_db',
    ]);
    expect(t.failures.find((f) => f.name === 'test_string_entities')?.message).toBe(
      `AssertionError: assert '<a & b>' == '<a and b>'`,
    );
  });

  test('xunit1 carries file and line of each test', async () => {
    const t = await tests('pytest/xunit1.xml');
    const f = t.failures.find((x) => x.name === 'test_add_table[2-2-5]')!;
    expect([f.file, f.line]).toEqual(['test_sample.py', 18]);
  });

  test('a rerun report that passes the failed test makes it flaky, counted as passed', async () => {
    // rerun: "1 passed, 9 deselected"
    const t = await tests('pytest/xunit2.xml', 'pytest/rerun.xml');
    expect([t.passed, t.failed, t.errored, t.flaky]).toEqual([5, 2, 1, 1]);
    expect(t.flakyTests.map((f) => f.id)).toEqual(['test_sample::test_flaky']);
  });
});

describe('jest', () => {
  // jest: "Tests: 1 failed, 1 skipped, 1 todo, 4 passed, 7 total"
  test('--json counts as jest printed; todo is skipped; a retried pass is flaky', async () => {
    const t = await tests('jest/jest.json');
    expect([t.passed, t.failed, t.errored, t.skipped, t.total, t.flaky]).toEqual([4, 1, 0, 2, 7, 1]);
    expect(t.failures[0]).toMatchObject({
      id: 'test/price.test.js::price wrong expectation',
      file: 'test/price.test.js',
      line: 10,
    });
    expect(t.flakyTests[0]!.id).toBe('test/price.test.js::shipping retried');
  });

  test('jest-junit writes the todo as a plain testcase (no <skipped>), so it reads as a pass', async () => {
    const t = await tests('jest/jest-junit.xml');
    expect([t.passed, t.failed, t.skipped, t.total]).toEqual([5, 1, 1, 7]);
    expect(t.failures[0]).toMatchObject({
      id: 'price wrong expectation::price wrong expectation',
      file: 'test/price.test.js',
    });
  });

  // jest coverage text-summary: "Lines : 76.92% ( 10/13 )", "Branches : 75% ( 6/8 )"
  test.each([
    'lcov.info',
    'cobertura-coverage.xml',
    'clover.xml',
    'coverage-final.json',
    'coverage-summary.json',
  ])('coverage %s gives the lines and branches jest printed, on a repo-relative path', async (file) => {
    const r = await collectReports({ cwd: F, coverage: [`jest/${file}`] });
    expect(r.coverage!.line!.toFixed(2)).toBe('76.92');
    expect(r.coverage!.branch).toBe(75);
    expect([...r.coverage!.map.files.keys()]).toEqual(['src/price.js']);
  });
});

describe('node --test --test-reporter=junit', () => {
  // node: "tests 6, pass 3, fail 1, cancelled 0, skipped 1, todo 1"
  test('skip and todo are skipped; a test outside any suite still counts', async () => {
    const t = await tests('node-test/junit.xml');
    expect([t.total, t.passed, t.failed, t.errored, t.skipped]).toEqual([6, 3, 1, 0, 2]);
    expect(t.failures[0]).toMatchObject({ id: 'test::totals', message: 'total is wrong3 !== 4' });
  });
});

describe('coverage.py 6.5 (Debian python3-coverage)', () => {
  // coverage xml: lines-valid="11" lines-covered="9" branches-valid="6" branches-covered="4"
  test('Cobertura with an absolute <source>: the counts coverage.py wrote, a repo-relative path', async () => {
    const r = await collectReports({ cwd: F, coverage: ['coverage-py/coverage.xml'] });
    expect(r.coverage!.map.totals()).toEqual({
      lines: { covered: 9, total: 11 },
      branches: { covered: 4, total: 6 },
    });
    expect([...r.coverage!.map.files.keys()].sort()).toEqual(['shop/__init__.py', 'shop/pricing.py']);
  });

  // coverage.py 6.5's lcov lists the docstring line too (12 DA records, 10 hit; its LF/LH say 11/10)
  // and puts each BRDA on the branch's destination line: we count the records, not LF/LH.
  test('lcov: the DA and BRDA records', async () => {
    const r = await collectReports({ cwd: F, coverage: ['coverage-py/coverage.lcov'] });
    expect(r.coverage!.map.totals()).toEqual({
      lines: { covered: 10, total: 12 },
      branches: { covered: 4, total: 6 },
    });
  });
});

describe('JUnit 5 console launcher (legacy XML) and JaCoCo', () => {
  // launcher: "7 tests found, 1 tests skipped, 6 tests started, 4 tests successful, 2 tests failed"
  test('the launcher counts, with the ArithmeticException as an error', async () => {
    const t = await tests('junit5/TEST-junit-jupiter.xml');
    expect([t.passed, t.failed + t.errored, t.skipped, t.total]).toEqual([4, 2, 1, 7]);
    expect([t.failed, t.errored]).toEqual([1, 1]);
    expect(t.failures.find((f) => f.outcome === 'errored')).toMatchObject({
      id: 'CalculatorTest::dividesByZero()',
      message: '/ by zero',
    });
  });

  // report counter: <counter type="LINE" missed="6" covered="10"/>, <counter type="BRANCH" missed="1" covered="1"/>
  test('jacoco.xml lines and branches', async () => {
    const r = await collectReports({ cwd: F, coverage: ['junit5/jacoco.xml'] });
    expect(r.coverage!.line).toBe(62.5);
    expect(r.coverage!.branch).toBe(50);
    expect(r.coverage!.map.files.has('com/example/Pricing.java')).toBe(true);
  });
});

describe('Maven surefire 3.5.2 with rerunFailingTestsCount=2', () => {
  // surefire: "Tests run: 5, Failures: 1, Errors: 0, Skipped: 1, Flakes: 1"
  test('flakyFailure passes as flaky, rerunFailure stays failed', async () => {
    const t = await tests('surefire/TEST-com.example.OrderTest.xml');
    expect([t.total, t.passed, t.failed, t.errored, t.skipped, t.flaky]).toEqual([5, 3, 1, 0, 1, 1]);
    expect(t.flakyTests.map((f) => f.id)).toEqual(['com.example.OrderTest::retriesPayment']);
    expect(t.failures[0]).toMatchObject({
      id: 'com.example.OrderTest::alwaysBroken',
      message: 'totals differ ==> expected: <1> but was: <2>',
    });
  });
});

describe('go test', () => {
  // go test -v: "--- FAIL: TestDivWrong", "--- FAIL: TestSign/zero" (and its parent), 1 SKIP, 4 leaf passes
  test('-json: leaf tests only, the assertion line as the message', async () => {
    const t = await tests('go/go-test.json');
    expect([t.passed, t.failed, t.skipped, t.total]).toEqual([4, 2, 1, 7]);
    expect(t.failures.map((f) => f.id).sort()).toEqual([
      'example.com/calc::TestDivWrong',
      'example.com/calc::TestSign/zero',
    ]);
    expect(t.failures.find((f) => f.name === 'TestDivWrong')!.message).toBe(
      'calc_test.go:20: Div(7, 2) = 3, want 4',
    );
    // with go.mod in the workspace, the failing line's file becomes repository-relative
    const inModule = (
      await collectReports({ cwd: path.join(F, 'projects/go'), testResults: ['../../go/go-test.json'] })
    ).tests!;
    expect(inModule.failures.find((f) => f.name === 'TestDivWrong')).toMatchObject({
      file: 'calc_test.go',
      line: 20,
    });
  });

  // go: "coverage: 75.0% of statements"; by line it is 14 of 19 lines (blocks span whole lines)
  test('coverprofile, with the module path stripped using go.mod', async () => {
    const r = await collectReports({ cwd: path.join(F, 'projects/go'), coverage: ['../../go/cover.out'] });
    expect(r.coverage!.line!.toFixed(2)).toBe('73.68');
    expect(r.coverage!.branch).toBeUndefined();
    expect([...r.coverage!.map.files.keys()]).toEqual(['calc.go']);
  });
});

describe('eslint SARIF', () => {
  // eslint: "✖ 4 problems (2 errors, 2 warnings)"
  test('levels from the formatter, paths made repo-relative', async () => {
    const r = await collectReports({ cwd: F, sarif: ['eslint/eslint.sarif'] });
    expect(r.findings!.counts).toMatchObject({ error: 2, warning: 2, total: 4, critical: 0 });
    expect(r.findings!.list.map((f) => `${f.file}:${f.line}:${f.ruleId}`)).toEqual([
      'bad.js:2:no-unused-vars',
      'bad.js:4:eqeqeq',
      'bad.js:5:no-eval',
      'bad.js:7:no-undef',
    ]);
  });
});
