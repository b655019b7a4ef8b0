// Entry point used by each action's bundled index: run on the GitHub runner and set the exit code.
import type { Action } from './define-action.js';
import { githubRuntime } from './github-runtime.js';

export async function runOnRunner(action: Action): Promise<void> {
  const ok = await action.execute(githubRuntime());
  if (!ok) process.exitCode = 1;
}
