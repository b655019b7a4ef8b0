// `jest --json` output: testResults[].assertionResults[]; a test file that failed to run becomes one
// errored test so it is never silently lost; `invocations > 1` on a pass (jest.retryTimes) is flaky.
import { pathNormaliser } from '../coverage/paths.js';
import { ReportError } from '../errors.js';
import { isObject, readJsonFile } from '../json-file.js';
import { shortMessage, type Outcome, type TestSink } from './model.js';

function outcomeOf(status: unknown): Outcome {
  if (status === 'passed') return 'passed';
  if (status === 'failed') return 'failed';
  return 'skipped'; // pending, todo, skipped, disabled, focused
}

export async function parseJestJson(
  file: string,
  displayName: string,
  sink: TestSink,
  cwd = process.cwd(),
): Promise<void> {
  const doc = await readJsonFile(file, displayName);
  if (!isObject(doc) || !Array.isArray(doc.testResults))
    throw new ReportError(displayName, undefined, 'jest --json output without a testResults array');
  const relative = pathNormaliser({ workspace: cwd });
  for (const suite of doc.testResults as unknown[]) {
    if (!isObject(suite)) continue;
    const testFile = relative(String(suite.name ?? suite.testFilePath ?? ''));
    const assertions = Array.isArray(suite.assertionResults) ? (suite.assertionResults as unknown[]) : [];
    if (assertions.length === 0 && suite.status === 'failed') {
      sink({
        classname: testFile,
        name: '(test file failed to run)',
        outcome: 'errored',
        message: shortMessage(String(suite.message ?? suite.failureMessage ?? '')),
        file: testFile,
        report: { file: displayName },
      });
      continue;
    }
    for (const a of assertions) {
      if (!isObject(a)) continue;
      const titles = Array.isArray(a.ancestorTitles) ? (a.ancestorTitles as unknown[]).map(String) : [];
      const name = String(a.fullName ?? [...titles, String(a.title ?? '')].join(' '));
      const outcome = outcomeOf(a.status);
      const failures = Array.isArray(a.failureMessages) ? (a.failureMessages as unknown[]).map(String) : [];
      const location = isObject(a.location) ? Number(a.location.line) || undefined : undefined;
      const invocations = typeof a.invocations === 'number' ? a.invocations : 1;
      sink({
        classname: testFile,
        name,
        outcome,
        message: outcome === 'failed' ? shortMessage(stripAnsi(failures[0] ?? '')) : undefined,
        file: testFile,
        line: location,
        flakyAttempts: outcome === 'passed' && invocations > 1 ? invocations - 1 : undefined,
        report: { file: displayName },
      });
    }
  }
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
