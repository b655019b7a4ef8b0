// JUnit and other XML test-report dialects written from their documented shapes, plus the edge
// cases that break peers: BOM, entities, CDATA, attribute order, huge system-out, malformed files.
import { mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { ConfigurationError } from '@deploy-actions/action-kit';
import { collectReports, readTestReport, type TestCaseResult } from '@deploy-actions/reports';

const H = path.resolve(import.meta.dirname, '../../../test/fixtures/reports/handwritten');
let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'qg-junit-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(file: string): Promise<TestCaseResult[]> {
  const out: TestCaseResult[] = [];
  await readTestReport(file, dir, (t) => out.push(t));
  return out;
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function totals(...files: string[]) {
  const t = (await collectReports({ cwd: H, testResults: files })).tests!;
  return {
    passed: t.passed,
    failed: t.failed,
    errored: t.errored,
    skipped: t.skipped,
    flaky: t.flaky,
    total: t.total,
  };
}

test('surefire: BOM, flakyFailure passes as flaky, rerunFailure stays failed, CDATA in system-out', async () => {
  expect(await totals('surefire-flaky.xml')).toEqual({
    passed: 3,
    failed: 1,
    errored: 0,
    skipped: 0,
    flaky: 1,
    total: 4,
  });
  const cases = await read(path.join(H, 'surefire-flaky.xml'));
  expect(cases.find((c) => c.name === 'alwaysBroken')).toMatchObject({
    outcome: 'failed',
    message: 'expected: <1> but was: <2>',
  });
  // the report line of a failed test (where its start tag ends) is resolved after the streaming pass
  const failures = (await collectReports({ cwd: H, testResults: ['surefire-flaky.xml'] })).tests!.failures;
  expect(failures[0]!.report).toEqual({ file: 'surefire-flaky.xml', line: 12 });
  expect(cases.find((c) => c.name === 'retriesPayment')).toMatchObject({
    outcome: 'passed',
    flakyAttempts: 1,
  });
});

test('allow-flaky false counts a flaky pass as a failure', async () => {
  const t = (await collectReports({ cwd: H, testResults: ['surefire-flaky.xml'], allowFlaky: false })).tests!;
  expect([t.passed, t.failed, t.flaky]).toEqual([2, 2, 1]);
});

test.each([
  ['go-junit-report.xml', { passed: 1, failed: 1, errored: 0, skipped: 1, flaky: 0, total: 3 }],
  ['mocha.xml', { passed: 2, failed: 1, errored: 0, skipped: 0, flaky: 0, total: 3 }],
  ['nextest.xml', { passed: 2, failed: 0, errored: 0, skipped: 1, flaky: 1, total: 3 }],
  ['nunit3.xml', { passed: 2, failed: 1, errored: 0, skipped: 1, flaky: 0, total: 4 }],
  ['dotnet.trx', { passed: 1, failed: 2, errored: 0, skipped: 1, flaky: 0, total: 4 }],
])('%s', async (file, expected) => {
  expect(await totals(file)).toEqual(expected);
});

test('mocha takes the file from <testsuite file>; NUnit and TRX messages come from their message elements', async () => {
  const mocha = await read(path.join(H, 'mocha.xml'));
  expect(mocha.find((c) => c.outcome === 'failed')).toMatchObject({
    classname: 'totals',
    file: '/home/runner/work/app/app/test/cart.spec.js',
    message: 'expected 3 to equal 4',
  });
  const nunit = await read(path.join(H, 'nunit3.xml'));
  expect(nunit.find((c) => c.outcome === 'failed')).toMatchObject({
    classname: 'Shop.Tests.CartTests',
    name: 'Totals',
    message: 'Expected: 4',
  });
  const trx = await read(path.join(H, 'dotnet.trx'));
  expect(trx.map((c) => `${c.classname}::${c.name}=${c.outcome}`)).toEqual([
    'Shop.Tests.CartTests::AddsItem=passed',
    'Shop.Tests.CartTests::Totals=failed',
    'Shop.Tests.CartTests::Later=skipped',
    'Shop.Tests.CartTests::Rows(count: 2)=failed',
  ]);
  expect(trx[1]!.message).toBe('Assert.Equal() Failure');
});

test('nested testsuites, attributes in any order, entities, error beats failure, message from text', async () => {
  const file = write(
    'nested.xml',
    `<?xml version="1.0"?>
<!DOCTYPE testsuites>
<testsuites><testsuite name="outer"><testsuite name="inner" file="src/a.test.ts">
  <testcase time="1" name="a &amp; b" classname="Inner&lt;T&gt;"/>
  <testcase name="no classname"><failure><![CDATA[
    boom <here>
    stack]]></failure></testcase>
  <testcase name="both" classname="X"><failure message="f"/><error message="e"/></testcase>
</testsuite><testcase name="in outer" classname="O"><skipped message="later"/></testcase></testsuite></testsuites>`,
  );
  const cases = await read(file);
  expect(cases.map((c) => [c.classname, c.name, c.outcome, c.message ?? ''])).toEqual([
    ['Inner<T>', 'a & b', 'passed', ''],
    ['inner', 'no classname', 'failed', 'boom <here>'],
    ['X', 'both', 'errored', 'f'],
    ['O', 'in outer', 'skipped', 'later'],
  ]);
  expect(cases[1]!.file).toBe('src/a.test.ts');
});

test('GoogleTest: disabled tests are skipped by attribute', async () => {
  const file = write(
    'gtest.xml',
    `<testsuites tests="3" failures="1" disabled="1" name="AllTests">
  <testsuite name="MathTest" tests="3" failures="1" disabled="1">
    <testcase name="Adds" file="math_test.cc" line="5" status="run" result="completed" classname="MathTest"/>
    <testcase name="Divides" file="math_test.cc" line="9" status="run" result="completed" classname="MathTest">
      <failure message="math_test.cc:11&#x0A;Expected equality" type=""><![CDATA[math_test.cc:11]]></failure>
    </testcase>
    <testcase name="DISABLED_Slow" file="math_test.cc" line="14" status="notrun" result="suppressed" classname="MathTest"/>
  </testsuite>
</testsuites>`,
  );
  expect((await read(file)).map((c) => `${c.name}=${c.outcome}:${c.file}:${c.line}`)).toEqual([
    'Adds=passed:math_test.cc:5',
    'Divides=failed:math_test.cc:9',
    'DISABLED_Slow=skipped:math_test.cc:14',
  ]);
});

test('a 30 MB system-out is streamed past, not kept', async () => {
  const file = path.join(dir, 'big-output.xml');
  const out = createWriteStream(file);
  out.write('<testsuite name="s"><testcase classname="c" name="noisy"><system-out>');
  const chunk = 'log line with &lt;escaped&gt; text\n'.repeat(10_000);
  for (let i = 0; i < 85; i++) if (!out.write(chunk)) await once(out, 'drain');
  out.end(
    '</system-out></testcase><testcase classname="c" name="after"><failure message="still seen"/></testcase></testsuite>',
  );
  await once(out, 'finish');
  const cases = await read(file);
  expect(cases.map((c) => [c.name, c.outcome, c.message ?? ''])).toEqual([
    ['noisy', 'passed', ''],
    ['after', 'failed', 'still seen'],
  ]);
});

test('a malformed file fails with file:line: what is wrong', async () => {
  const file = write('broken.xml', '<testsuite name="s">\n  <testcase name="a">\n  </testsuite>\n');
  const err = await read(file).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigurationError);
  expect((err as Error).message).toMatch(/^broken\.xml:3: malformed XML: unexpected close tag/);
  expect((err as ConfigurationError).location).toEqual({ file: 'broken.xml', line: 3 });
});

test('a truncated file fails naming the unclosed element', async () => {
  const file = write('truncated.xml', '<testsuites>\n<testsuite name="s">\n<testcase name="a"/>\n');
  await expect(read(file)).rejects.toThrow(/^truncated\.xml:\d+: malformed XML: unclosed tag: testsuite/);
});

test('an unknown format names the file and the supported formats; a coverage file under test-results says where it belongs', async () => {
  write('notes.txt', 'hello\n');
  await expect(collectReports({ cwd: dir, testResults: ['notes.txt'] })).rejects.toThrow(
    'notes.txt:1: unknown report format; test-results supports JUnit XML (surefire, gradle, JUnit 5, pytest, jest-junit, mocha, node --test, go-junit-report, nextest, GoogleTest), NUnit 3 XML, TRX, jest --json, go test -json',
  );
  write('lcov.info', 'TN:\nSF:a.js\nDA:1,1\nend_of_record\n');
  await expect(collectReports({ cwd: dir, testResults: ['lcov.info'] })).rejects.toThrow(
    'lcov.info: this is a lcov report, not one test-results reads; list it under coverage',
  );
});

test('a glob matching nothing is an error naming it, unless allow-missing', async () => {
  await expect(collectReports({ cwd: dir, testResults: ['reports/**/*.xml'] })).rejects.toThrow(
    `test-results: no file matches "reports/**/*.xml" (searched from ${dir}); check the path or set allow-missing: true`,
  );
  const r = await collectReports({ cwd: dir, testResults: ['reports/**/*.xml'], allowMissing: true });
  expect(r.unmatched).toEqual(['reports/**/*.xml']);
  expect(r.tests!.total).toBe(0);
});

test('quarantine: ids and globs from a list or a file; failures listed, not counted', async () => {
  write('q.txt', '# flaky in CI\ncom.example.OrderTest::always*\n');
  const r = await collectReports({
    cwd: dir,
    testResults: [path.join(H, 'surefire-flaky.xml'), path.join(H, 'mocha.xml')],
    quarantine: ['q.txt', 'totals::cart totals'],
  });
  const t = r.tests!;
  expect([t.failed, t.quarantined, t.passed, t.total]).toEqual([0, 2, 5, 7]);
  expect(t.quarantinedTests.map((q) => q.id).sort()).toEqual([
    'com.example.OrderTest::alwaysBroken',
    'totals::cart totals',
  ]);
});
