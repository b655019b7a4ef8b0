// An in-memory ActionRuntime for running the notify action inside the test process: inputs from
// a record, outputs, masks, log lines and the summary collected for assertions.
import { MemoryLogger, type ActionRuntime } from '@deploy-actions/action-kit';

export interface MemoryRun {
  runtime: ActionRuntime;
  log: MemoryLogger;
  outputs: Record<string, string>;
  secrets: string[];
  failures: string[];
  summary: () => string;
}

export function memoryRuntime(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): MemoryRun {
  const log = new MemoryLogger();
  const outputs: Record<string, string> = {};
  const secrets: string[] = [];
  const failures: string[] = [];
  let summary = '';
  const runtime: ActionRuntime = {
    logger: log,
    env: {
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'org/app',
      GITHUB_RUN_ID: '1001',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      ...env,
    },
    getInput: (name) =>
      inputs[name] === undefined || inputs[name]!.trim() === '' ? undefined : inputs[name],
    setOutput: (name, value) => {
      outputs[name] = value;
    },
    setSecret: (value) => {
      secrets.push(value);
    },
    group: (_name, fn) => fn(),
    writeSummary: async (markdown) => {
      summary += markdown;
    },
    fail: (message) => {
      failures.push(message);
    },
  };
  return { runtime, log, outputs, secrets, failures, summary: () => summary };
}
