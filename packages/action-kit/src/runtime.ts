// Where an action runs: the GitHub runner (via @actions/core) or the CLI. Actions see only this.
import type { Logger } from './logger.js';

export interface ActionRuntime {
  readonly logger: Logger;
  /** Raw input value, or undefined when unset or empty. */
  getInput(name: string): string | undefined;
  setOutput(name: string, value: string): void;
  /** Hides `value` from every later log line. */
  setSecret(value: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  writeSummary(markdown: string): Promise<void>;
  /** Marks the step failed with one line; an annotation when a location is known. */
  fail(message: string, location?: { file: string; line?: number }): void;
  readonly env: NodeJS.ProcessEnv;
  /** Aborted when the job is cancelled (the runner sends SIGINT, then SIGTERM). */
  readonly signal?: AbortSignal;
}
