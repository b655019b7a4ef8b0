// The action's own logic in-process: input rules, the summary (escaping, the 50-row cap), annotations.
import { InputError, MemoryLogger, Summary } from '@deploy-actions/action-kit';
import {
  CoverageMap,
  evaluateGates,
  pathNormaliser,
  type Collected,
  type TestDetail,
} from '@deploy-actions/reports';
import { annotate, ranges } from '../src/annotations.js';
import { inputs, parseMaxFindings } from '../src/inputs.js';
import { settingsFrom } from '../src/settings.js';
import { writeSummary } from '../src/summary.js';

const parse = (raw: Record<string, string>) => inputs.parse(raw);

test('max-findings: keys and whole numbers', () => {
  expect(parseMaxFindings('critical=0, high=0\nwarning=20')).toEqual({ critical: 0, high: 0, warning: 20 });
  expect(() => parseMaxFindings('critical=-1')).toThrow('critical=-1: expected a whole number ≥ 0');
  expect(() => parseMaxFindings('blocker=0')).toThrow('unknown key "blocker"');
});

test('min-tests defaults to 1 and min-pass-rate applies only when test-results is set', () => {
  const withTests = settingsFrom(parse({ 'test-results': 'a.xml' }), '/w');
  expect([withTests.gate.minTests, withTests.gate.minPassRate]).toEqual([1, 100]);
  const coverageOnly = settingsFrom(parse({ coverage: 'lcov.info', 'min-line-coverage': '80' }), '/w');
  expect([
    coverageOnly.gate.minTests,
    coverageOnly.gate.minPassRate,
    coverageOnly.gate.minLineCoverage,
  ]).toEqual([undefined, undefined, 80]);
  expect(settingsFrom(parse({ 'test-results': 'a.xml', 'min-tests': '0' }), '/w').gate.minTests).toBe(0);
});

test('combinations that cannot work are input errors', () => {
  expect(() => settingsFrom(parse({}), '/w')).toThrow(InputError);
  expect(() => settingsFrom(parse({ 'test-results': 'a.xml', 'min-line-coverage': '80' }), '/w')).toThrow(
    'input \'min-line-coverage\': got "80"; needs coverage (globs of coverage reports) to be set',
  );
  expect(() => settingsFrom(parse({ 'test-results': 'a.xml', 'max-findings': 'critical=0' }), '/w')).toThrow(
    'max-findings needs sarif',
  );
  expect(() => settingsFrom(parse({ sarif: 'x.sarif', 'max-failures': '0' }), '/w')).toThrow(
    "input 'max-failures'",
  );
  expect(inputs.safeParse({ 'min-pass-rate': '0.95' }).success).toBe(false);
});

function failures(n: number, name = (i: number) => `t${i}`): TestDetail[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `c::${name(i)}`,
    classname: 'c',
    name: name(i),
    outcome: 'failed' as const,
    message: `m${i}`,
    file: 'src/t.py',
    line: i + 1,
    report: { file: 'r.xml' },
  }));
}

function collected(list: TestDetail[]): Collected {
  const tests = {
    total: list.length + 5,
    passed: 5,
    failed: list.length,
    errored: 0,
    skipped: 0,
    flaky: 0,
    quarantined: 0,
    failures: list,
    flakyTests: [],
    quarantinedTests: [],
    truncated: false,
  };
  return { files: [{ file: 'r.xml', format: 'junit' }], unmatched: [], tests };
}

test('summary: verdict first, failed tests capped at 50 and escaped', () => {
  const c = collected(failures(60, (i) => (i === 0 ? '<script>alert(1)</script> | pipe' : `t${i}`)));
  const gate = evaluateGates({ minPassRate: 95, minTests: 1 }, { tests: c.tests });
  const s = new Summary();
  writeSummary(s, c, gate);
  const md = s.toString();
  expect(md.split('\n')[0]).toBe('## Quality gate: ❌ fail');
  expect(md).toContain('<summary>Failed tests (60, first 50 shown)</summary>');
  expect(md.match(/^\| c::/gm)).toHaveLength(50);
  expect(md).toContain('c::&lt;script&gt;alert(1)&lt;/script&gt; \\| pipe');
  expect(md).not.toContain('<script>');
});

test('summary: coverage by folder with a chart when there are several folders', () => {
  const map = new CoverageMap(pathNormaliser({ workspace: '/w' }));
  map.addLine(map.file('src/a.ts'), 1, 1);
  map.addLine(map.file('lib/b.ts'), 1, 0);
  const c: Collected = { files: [], unmatched: [], coverage: { map, line: 50 } };
  const s = new Summary();
  writeSummary(s, c, evaluateGates({ minLineCoverage: 40 }, { lineCoverage: 50 }));
  const md = s.toString();
  expect(md).toContain('| lib | 0.00% (0/1) | – |');
  expect(md).toContain('| src | 100.00% (1/1) | – |');
  expect(md).toContain('x-axis ["lib", "src"]');
  expect(md).toContain('bar [0.0, 100.0]');
});

test('annotations: at most 50, then one line saying how many were left out', () => {
  const log = new MemoryLogger();
  expect(annotate(collected(failures(70)), log)).toBe(50);
  expect(log.lines.filter((l) => l.level === 'error')).toHaveLength(50);
  expect(log.lines.at(-1)).toEqual({
    level: 'info',
    message: '20 more annotations left out (limit 50); see the job summary and the report file',
  });
  expect(ranges([3, 4, 5, 9, 11, 12])).toBe('3-5, 9, 11-12');
});
