// The runtime on a GitHub runner: the only module that imports @actions/core.
import * as core from '@actions/core';
import type { ActionRuntime } from './runtime.js';

export function githubRuntime(env: NodeJS.ProcessEnv = process.env): ActionRuntime {
  return {
    env,
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
