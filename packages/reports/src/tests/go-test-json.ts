// `go test -json` (test2json events, one JSON object per line). Only leaf tests count: a parent
// test fails because its subtest did, and counting both would double the failure. A package that
// fails with no failing test (build error, panic in TestMain) becomes one errored test.
import { ReportError } from '../errors.js';
import { forEachLine } from '../lines.js';
import { shortMessage, type Outcome, type TestSink } from './model.js';

interface GoEvent {
  Action?: string;
  Package?: string;
  Test?: string;
  Output?: string;
}

interface Finished {
  test: string;
  outcome: Outcome;
  message?: string;
  line: number;
  file?: string;
  sourceLine?: number;
}

interface PackageState {
  finished: Finished[];
  output: Map<string, string[]>;
}

const OUTCOMES: Record<string, Outcome> = { pass: 'passed', fail: 'failed', skip: 'skipped' };

export async function parseGoTestJson(file: string, displayName: string, sink: TestSink): Promise<void> {
  const packages = new Map<string, PackageState>();
  const state = (pkg: string) => {
    let s = packages.get(pkg);
    if (!s) packages.set(pkg, (s = { finished: [], output: new Map() }));
    return s;
  };
  await forEachLine(file, (text, line) => {
    if (!text.startsWith('{')) return; // stray build output mixed into the stream
    let event: GoEvent;
    try {
      event = JSON.parse(text) as GoEvent;
    } catch (err) {
      throw new ReportError(displayName, line, `malformed go test -json event: ${(err as Error).message}`);
    }
    const pkg = event.Package ?? '';
    const s = state(pkg);
    if (event.Action === 'output' && event.Test) {
      const lines = s.output.get(event.Test) ?? [];
      if (lines.length < 20) lines.push(event.Output ?? '');
      s.output.set(event.Test, lines);
      return;
    }
    const outcome = OUTCOMES[event.Action ?? ''];
    if (!outcome) return;
    if (event.Test) {
      const message = outcome === 'failed' ? failureMessage(s.output.get(event.Test) ?? []) : undefined;
      s.output.delete(event.Test);
      // `calc_test.go:20: …` names a file in the package directory: `<package>/calc_test.go`, which
      // the go.mod module path turns into a repository path.
      const at = message ? /^(\S+\.go):(\d+): /.exec(message) : null;
      const source = at ? { file: `${pkg}/${at[1]}`, sourceLine: Number(at[2]) } : {};
      s.finished.push({ test: event.Test, outcome, message, line, ...source });
      return;
    }
    flushPackage(pkg, s, outcome, line, displayName, sink);
    packages.delete(pkg);
  });
  for (const [pkg, s] of packages) flushPackage(pkg, s, undefined, undefined, displayName, sink);
}

function flushPackage(
  pkg: string,
  s: PackageState,
  pkgOutcome: Outcome | undefined,
  line: number | undefined,
  report: string,
  sink: TestSink,
) {
  const names = new Set(s.finished.map((f) => f.test));
  const parents = new Set<string>();
  for (const name of names) {
    for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) parents.add(name.slice(0, i));
  }
  let failures = 0;
  for (const f of s.finished) {
    if (parents.has(f.test)) continue;
    if (f.outcome === 'failed') failures++;
    sink({
      classname: pkg,
      name: f.test,
      outcome: f.outcome,
      message: f.message,
      file: f.file,
      line: f.sourceLine,
      report: { file: report, line: f.line },
    });
  }
  const unfinished = pkgOutcome === undefined && s.output.size > 0;
  if (failures === 0 && (pkgOutcome === 'failed' || unfinished)) {
    sink({
      classname: pkg,
      name: '(package)',
      outcome: 'errored',
      message:
        pkgOutcome === 'failed'
          ? 'the package failed outside any test (build error, panic or TestMain)'
          : 'the report ends before the package finished',
      report: { file: report, line },
    });
  }
}

/** The first assertion line Go printed (`    foo_test.go:12: want 1, got 2`), else the first output line. */
function failureMessage(output: string[]): string | undefined {
  const lines = output
    .map((l) => l.replace(/\n$/, ''))
    .filter((l) => !/^(=== |--- )/.test(l.trim()) || /^\s+\S+\.go:\d+:/.test(l));
  const located = lines.find((l) => /^\s+\S+\.go:\d+:/.test(l));
  return shortMessage(located ?? lines[0]);
}
