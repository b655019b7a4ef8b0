// Visual Studio TRX (`dotnet test --logger trx`): <UnitTestResult testName outcome> with
// <ErrorInfo><Message>. Results of data-driven rows (<InnerResults>) roll up into their parent.
import type { XmlHandler } from '../xml-stream.js';
import { shortMessage, type Outcome, type TestSink } from './model.js';

function outcomeOf(outcome: string | undefined): Outcome {
  switch (outcome) {
    case 'Passed':
    case 'PassedButRunAborted':
    case 'Warning':
      return 'passed';
    case 'Failed':
      return 'failed';
    case 'Error':
    case 'Timeout':
    case 'Aborted':
      return 'errored';
    default:
      return 'skipped';
  }
}

/** TRX names tests `Namespace.Class.Method`: the part before the last dot is the class. */
function splitName(testName: string): { classname: string; name: string } {
  const paren = testName.indexOf('(');
  const head = paren < 0 ? testName : testName.slice(0, paren);
  const dot = head.lastIndexOf('.');
  return dot < 0
    ? { classname: '', name: testName }
    : { classname: testName.slice(0, dot), name: testName.slice(dot + 1) };
}

export function trxHandler(reportFile: string, sink: TestSink): XmlHandler {
  let depth = 0;
  let current: { testName: string; outcome: Outcome; offset: number; message?: string } | undefined;
  let capture: string | undefined;
  return {
    open(name, attrs, offset) {
      if (name === 'UnitTestResult') {
        depth++;
        if (depth === 1)
          current = { testName: attrs.testName ?? '', outcome: outcomeOf(attrs.outcome), offset };
      } else if (current && depth === 1 && name === 'Message') {
        capture = '';
      }
    },
    close(name) {
      if (name === 'Message' && capture !== undefined) {
        if (current) current.message ??= shortMessage(capture);
        capture = undefined;
      } else if (name === 'UnitTestResult') {
        depth--;
        if (depth === 0 && current) {
          const c = current;
          current = undefined;
          sink({
            ...splitName(c.testName),
            outcome: c.outcome,
            message: c.outcome === 'passed' ? undefined : c.message,
            report: { file: reportFile, offset: c.offset },
          });
        }
      }
    },
    capturing: () => capture !== undefined,
    text(text) {
      if (capture !== undefined && capture.length < 2000) capture += text;
    },
  };
}
