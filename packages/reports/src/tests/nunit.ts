// NUnit 3 result XML (<test-run> … <test-case result="Passed|Failed|Skipped|Inconclusive">).
import type { XmlHandler } from '../xml-stream.js';
import { shortMessage, type Outcome, type TestSink } from './model.js';

function outcomeOf(result: string | undefined, label: string | undefined): Outcome {
  if (result === 'Passed' || result === 'Warning') return 'passed';
  if (result === 'Failed')
    return label === 'Error' || label === 'Cancelled' || label === 'Invalid' ? 'errored' : 'failed';
  return 'skipped';
}

export function nunitHandler(reportFile: string, sink: TestSink): XmlHandler {
  let current:
    { classname: string; name: string; outcome: Outcome; offset: number; message?: string } | undefined;
  let inFailure = false;
  let capture: string | undefined;
  return {
    open(name, attrs, offset) {
      if (name === 'test-case') {
        current = {
          classname: attrs.classname ?? '',
          name: attrs.name ?? attrs.fullname ?? '',
          outcome: outcomeOf(attrs.result, attrs.label),
          offset,
        };
      } else if (current && (name === 'failure' || name === 'reason')) {
        inFailure = true;
      } else if (current && inFailure && name === 'message') {
        capture = '';
      }
    },
    close(name) {
      if (name === 'message' && capture !== undefined) {
        if (current) current.message ??= shortMessage(capture);
        capture = undefined;
      } else if (name === 'failure' || name === 'reason') {
        inFailure = false;
      } else if (name === 'test-case' && current) {
        const c = current;
        current = undefined;
        sink({
          classname: c.classname,
          name: c.name,
          outcome: c.outcome,
          message: c.outcome === 'passed' ? undefined : c.message,
          report: { file: reportFile, offset: c.offset },
        });
      }
    },
    capturing: () => capture !== undefined,
    text(text) {
      if (capture !== undefined && capture.length < 2000) capture += text;
    },
  };
}
