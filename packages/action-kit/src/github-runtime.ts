// The runtime on a GitHub runner: the only module that imports @actions/core.
import * as core from '@actions/core';
import { CancelledError } from './errors.js';
import type { ActionRuntime } from './runtime.js';

export function githubRuntime(env: NodeJS.ProcessEnv = process.env): ActionRuntime {
  return {
    env,
    signal: cancellationSignal(),
    logger: {
      debug: (m) => core.debug(m),
      info: (m) => core.info(m),
      warning: (m, loc) => core.warning(m, loc ? { file: loc.file, startLine: loc.line } : undefined),
      error: (m, loc) => core.error(m, loc ? { file: loc.file, startLine: loc.line } : undefined),
    },
    getInput(name) {
      const key = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
      const value = env[key];
      return value === undefined || value.trim() === '' ? undefined : value;
    },
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: (value) => core.setSecret(value),
    group: (name, fn) => core.group(name, fn),
    async writeSummary(markdown) {
      if (!env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(markdown, true).write();
    },
    fail(message, location) {
      // One annotation line either way; setFailed is error() plus the exit code.
      if (!location) return core.setFailed(message);
      core.error(message, { file: location.file, startLine: location.line });
      process.exitCode = core.ExitCode.Failure;
    },
  };
}

/**
 * A cancelled job gets SIGINT, then SIGTERM a few seconds later, then SIGKILL. The first signal
 * aborts the action so it can stop waiting and release what it holds; the handlers are `once`, so
 * a second signal ends the process the default way.
 */
function cancellationSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) =>
    controller.abort(new CancelledError(`the job was cancelled (${name})`));
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  return controller.signal;
}
