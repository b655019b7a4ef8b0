// jest --json and go test -json edge cases: nothing is silently dropped.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readTestReport, type TestCaseResult } from '@deploy-actions/reports';

let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'qg-json-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, text: string): Promise<TestCaseResult[]> {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  const out: TestCaseResult[] = [];
  await readTestReport(file, dir, (t) => out.push(t));
  return out;
}

test('a jest test file that failed to run is one errored test', async () => {
  const cases = await read(
    'jest.json',
    JSON.stringify({
      numTotalTests: 1,
      numFailedTests: 0,
      testResults: [
        {
          name: path.join(dir, 'src/a.test.js'),
          status: 'failed',
          message: '\u001b[1mSyntaxError: Unexpected token\u001b[22m\n  at x',
          assertionResults: [],
        },
        {
          name: path.join(dir, 'src/b.test.js'),
          status: 'passed',
          assertionResults: [
            { ancestorTitles: ['b'], title: 'works', fullName: 'b works', status: 'passed' },
          ],
        },
      ],
    }),
  );
  expect(cases.map((c) => [c.classname, c.name, c.outcome])).toEqual([
    ['src/a.test.js', '(test file failed to run)', 'errored'],
    ['src/b.test.js', 'b works', 'passed'],
  ]);
});

test('go test -json: a package that fails without a failing test (build error) is one errored test; reruns are kept', async () => {
  const events = [
    { Action: 'start', Package: 'example.com/broken' },
    { Action: 'output', Package: 'example.com/broken', Output: '# example.com/broken\n' },
    { Action: 'fail', Package: 'example.com/broken', Elapsed: 0 },
    { Action: 'run', Package: 'example.com/ok', Test: 'TestFlaky' },
    { Action: 'output', Package: 'example.com/ok', Test: 'TestFlaky', Output: '    ok_test.go:9: not yet\n' },
    { Action: 'fail', Package: 'example.com/ok', Test: 'TestFlaky' },
    { Action: 'run', Package: 'example.com/ok', Test: 'TestFlaky' },
    { Action: 'pass', Package: 'example.com/ok', Test: 'TestFlaky' },
    { Action: 'fail', Package: 'example.com/ok' },
  ];
  const text = `go: downloading example.com/dep v1.0.0\n${events.map((e) => JSON.stringify(e)).join('\n')}\n`;
  const cases = await read('go.json', text);
  expect(cases.map((c) => [c.classname, c.name, c.outcome, c.message ?? ''])).toEqual([
    [
      'example.com/broken',
      '(package)',
      'errored',
      'the package failed outside any test (build error, panic or TestMain)',
    ],
    ['example.com/ok', 'TestFlaky', 'failed', 'ok_test.go:9: not yet'],
    ['example.com/ok', 'TestFlaky', 'passed', ''],
  ]);
});

test('a broken go test -json line fails with file:line', async () => {
  await expect(read('go-bad.json', '{"Action":"run","Package":"x"}\n{"Action":\n')).rejects.toThrow(
    /^go-bad\.json:2: malformed go test -json event: /,
  );
});
