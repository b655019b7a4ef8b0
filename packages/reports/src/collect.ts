// Reads every report the user listed into one picture: test totals, merged coverage (with diff
// coverage against a base ref) and SARIF finding counts. The gate itself is in gate/evaluate.ts.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CoverageMap, percent } from './coverage/coverage-map.js';
import { diffCoverage, type DiffCoverage } from './coverage/diff-coverage.js';
import { changedLinesSince } from './coverage/git-diff.js';
import { pathNormaliser, type PathNormaliser } from './coverage/paths.js';
import type { ReportFormat } from './detect.js';
import { expandGlobs } from './files.js';
import { readCoverageReport, readSarifReport, readTestReport, displayPath } from './read-reports.js';
import { countFinding, emptyCounts, type FindingCounts } from './sarif/counts.js';
import type { Finding } from './sarif/sarif.js';
import { quarantineMatcher } from './tests/quarantine.js';
import { TestTally, type TestDetail, type TestResults } from './tests/tally.js';
import { linesOfOffsets } from './xml-stream.js';

export interface CollectOptions {
  cwd: string;
  testResults?: string[];
  coverage?: string[];
  sarif?: string[];
  allowMissing?: boolean;
  allowFlaky?: boolean;
  /** Test ids or globs; an item naming an existing file is read as one id per line. */
  quarantine?: string[];
  /** Diff coverage against `<baseRef>...HEAD` when set. */
  baseRef?: string;
  maxFindingDetails?: number;
}

export interface ReadFile {
  file: string;
  format: ReportFormat;
}

export interface CoverageResult {
  map: CoverageMap;
  line?: number;
  branch?: number;
  diff?: DiffCoverage;
  diffPercent?: number;
}

export interface Collected {
  files: ReadFile[];
  unmatched: string[];
  tests?: TestResults;
  coverage?: CoverageResult;
  findings?: { counts: FindingCounts; list: Finding[]; truncated: boolean };
}

export async function collectReports(o: CollectOptions): Promise<Collected> {
  const out: Collected = { files: [], unmatched: [] };
  const expand = async (input: string, patterns: string[] | undefined) => {
    if (!patterns?.length) return undefined;
    const { files, unmatched } = await expandGlobs(input, patterns, o.cwd, o.allowMissing ?? false);
    out.unmatched.push(...unmatched);
    return files;
  };
  const normalise = pathNormaliser({ workspace: o.cwd, goModule: goModule(o.cwd) });
  // Every glob is expanded before any file is read: a typo fails in a second, not after a big parse.
  const testFiles = await expand('test-results', o.testResults);
  const coverageFiles = await expand('coverage', o.coverage);
  const sarifFiles = await expand('sarif', o.sarif);
  if (testFiles) out.tests = await readTests(o, testFiles, normalise, out.files);
  if (coverageFiles) out.coverage = await readCoverage(o, coverageFiles, normalise, out.files);
  if (sarifFiles) out.findings = await readFindings(o, sarifFiles, normalise, out.files);
  return out;
}

async function readTests(
  o: CollectOptions,
  files: string[],
  normalise: PathNormaliser,
  read: ReadFile[],
): Promise<TestResults> {
  const isQuarantined = quarantineMatcher(readQuarantine(o.quarantine ?? [], o.cwd));
  const tally = new TestTally({ allowFlaky: o.allowFlaky ?? true, isQuarantined, normalisePath: normalise });
  const paths = new Map<string, string>();
  for (const file of files) {
    const display = displayPath(file, o.cwd);
    paths.set(display, file);
    read.push({ file: display, format: await readTestReport(file, o.cwd, (t) => tally.add(t)) });
  }
  const t = tally.result();
  await resolveReportLines([...t.failures, ...t.flakyTests, ...t.quarantinedTests], paths);
  return t;
}

async function readCoverage(
  o: CollectOptions,
  files: string[],
  normalise: PathNormaliser,
  read: ReadFile[],
): Promise<CoverageResult> {
  const map = new CoverageMap(normalise);
  for (const file of files) {
    read.push({ file: displayPath(file, o.cwd), format: await readCoverageReport(file, o.cwd, map) });
  }
  const totals = map.totals();
  const result: CoverageResult = { map, line: percent(totals.lines), branch: percent(totals.branches) };
  if (o.baseRef) {
    result.diff = diffCoverage(map, await changedLinesSince(o.baseRef, o.cwd));
    result.diffPercent = percent(result.diff);
  }
  return result;
}

async function readFindings(
  o: CollectOptions,
  files: string[],
  normalise: PathNormaliser,
  read: ReadFile[],
): Promise<NonNullable<Collected['findings']>> {
  const counts = emptyCounts();
  const list: Finding[] = [];
  const max = o.maxFindingDetails ?? 1000;
  for (const file of files) {
    const format = await readSarifReport(file, o.cwd, (f) => {
      countFinding(counts, f);
      if (list.length < max) list.push(f.file ? { ...f, file: normalise(f.file) } : f);
    });
    read.push({ file: displayPath(file, o.cwd), format });
  }
  return { counts, list, truncated: counts.total > list.length };
}

/** XML parsers note where a test case sits as a character offset; the kept details get a line. */
async function resolveReportLines(details: TestDetail[], paths: Map<string, string>): Promise<void> {
  const byFile = new Map<string, TestDetail[]>();
  for (const d of details)
    if (d.report.offset !== undefined) byFile.set(d.report.file, [...(byFile.get(d.report.file) ?? []), d]);
  for (const [display, list] of byFile) {
    const file = paths.get(display);
    if (!file) continue;
    const lines = await linesOfOffsets(
      file,
      list.map((d) => d.report.offset!),
    );
    for (const d of list) d.report = { file: display, line: lines.get(d.report.offset!) };
  }
}

function readQuarantine(items: string[], cwd: string): string[] {
  return items.flatMap((item) => {
    const file = path.resolve(cwd, item);
    if (!/[*?]/.test(item) && existsSync(file) && statSync(file).isFile())
      return readFileSync(file, 'utf8').split(/\r?\n/);
    return [item];
  });
}

/** The module path of go.mod in the workspace, so coverprofile paths become repo-relative. */
function goModule(cwd: string): string | undefined {
  const file = path.join(cwd, 'go.mod');
  if (!existsSync(file)) return undefined;
  return /^module\s+(\S+)/m.exec(readFileSync(file, 'utf8'))?.[1];
}
