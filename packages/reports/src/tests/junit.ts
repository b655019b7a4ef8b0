// JUnit XML in its dialects (surefire/failsafe, gradle, JUnit 5 legacy, pytest xunit1/xunit2,
// jest-junit, mocha-junit, go-junit-report, nextest, GoogleTest): nested <testsuites>, <failure>, <error>,
// <skipped>, surefire/nextest <flakyFailure>/<flakyError> and <rerunFailure>.
import type { XmlHandler } from '../xml-stream.js';
import { shortMessage, type TestCaseResult, type TestSink } from './model.js';

const MAX_CAPTURE = 2000;

export function junitHandler(reportFile: string, sink: TestSink): XmlHandler {
  const suites: Array<{ name: string; file?: string }> = [];
  // One object per test case, filled while its element is open and handed to the sink as is.
  let current: (TestCaseResult & { flakyAttempts: number }) | undefined;
  let capture: string | undefined;

  const setFailure = (outcome: 'failed' | 'errored', attrs: Record<string, string>) => {
    if (!current) return;
    if (current.outcome !== 'errored') current.outcome = outcome;
    const message = shortMessage(attrs.message);
    if (message) current.message ??= message;
    else if (current.message === undefined) capture = '';
  };

  return {
    open(name, attrs, offset) {
      if (name === 'testsuite') {
        suites.push({ name: attrs.name ?? '', file: attrs.file ?? attrs.filepath });
      } else if (name === 'testcase') {
        const suite = suites[suites.length - 1];
        current = {
          classname: attrs.classname ?? attrs.class ?? suite?.name ?? '',
          name: attrs.name ?? '',
          file: attrs.file ?? attrs.filepath ?? suite?.file,
          line: attrs.line ? Number(attrs.line) || undefined : undefined,
          // GoogleTest marks disabled tests on the element itself: status="notrun" or result="skipped".
          outcome:
            attrs.status === 'notrun' || attrs.result === 'skipped' || attrs.result === 'suppressed'
              ? 'skipped'
              : 'passed',
          message: undefined,
          flakyAttempts: 0,
          report: { file: reportFile, offset },
        };
      } else if (!current) {
        return;
      } else if (name === 'failure') {
        setFailure('failed', attrs);
      } else if (name === 'error') {
        setFailure('errored', attrs);
      } else if (name === 'skipped') {
        if (current.outcome === 'passed') {
          current.outcome = 'skipped';
          current.message ??= shortMessage(attrs.message);
        }
      } else if (name === 'flakyFailure' || name === 'flakyError') {
        current.flakyAttempts++;
      }
    },
    close(name) {
      if (name === 'testsuite') {
        suites.pop();
      } else if ((name === 'failure' || name === 'error') && capture !== undefined) {
        if (current) current.message ??= shortMessage(capture);
        capture = undefined;
      } else if (name === 'testcase' && current) {
        const c = current;
        current = undefined;
        capture = undefined;
        if (c.outcome === 'passed') c.message = undefined;
        sink(c);
      }
    },
    capturing: () => capture !== undefined,
    text(text) {
      if (capture !== undefined && capture.length < MAX_CAPTURE)
        capture += text.slice(0, MAX_CAPTURE - capture.length);
    },
  };
}
