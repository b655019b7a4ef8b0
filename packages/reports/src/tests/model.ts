// What every test-result parser produces: one record per executed (or skipped) test case.

export type Outcome = 'passed' | 'failed' | 'errored' | 'skipped';

export interface TestCaseResult {
  classname: string;
  name: string;
  outcome: Outcome;
  /** First line of the failure message, shortened. */
  message?: string;
  /** Source file and line of the test, when the report says. */
  file?: string;
  line?: number;
  /** Failed attempts before a pass in the same report (surefire/nextest flakyFailure, go test reruns). */
  flakyAttempts?: number;
  /** Where the test case sits in the report file (XML parsers give a character offset; collect turns it into a line). */
  report: { file: string; line?: number; offset?: number };
}

export type TestSink = (test: TestCaseResult) => void;

export function testId(test: { classname: string; name: string }): string {
  return test.classname ? `${test.classname}::${test.name}` : test.name;
}

const MAX_MESSAGE = 500;

/** The first non-empty line of a failure text, at most 500 characters. */
export function shortMessage(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (!line) return undefined;
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}
