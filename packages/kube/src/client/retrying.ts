// Every call to the API goes through `kubeRetry`: 409 conflicts are retried with a fresh read (the
// attempt function re-reads), 408/429/5xx and network failures with capped backoff, all within a
// deadline, so a flaky API server slows a rollout down instead of failing it.
import {
  retry,
  realClock,
  silentLogger,
  errorMessage,
  type Clock,
  type Logger,
} from '@deploy-actions/action-kit';
import { isRetryableKubeError } from '../errors.js';

export interface RetryPolicy {
  clock: Clock;
  log: Logger;
  /** Time budget of one logical operation across its attempts. */
  deadlineMs: number;
  attempts: number;
  baseMs: number;
  maxMs: number;
  signal?: AbortSignal;
}

export const defaultRetryPolicy: RetryPolicy = {
  clock: realClock,
  log: silentLogger,
  deadlineMs: 30_000,
  attempts: 12,
  baseMs: 100,
  maxMs: 3_000,
};

export async function kubeRetry<T>(
  what: string,
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
): Promise<T> {
  let last: unknown;
  let attempts = 0;
  const started = policy.clock.now();
  try {
    return await retry(
      async (attempt) => {
        attempts = attempt;
        try {
          return await fn(attempt);
        } catch (err) {
          last = err;
          throw err;
        }
      },
      {
        attempts: policy.attempts,
        baseMs: policy.baseMs,
        maxMs: policy.maxMs,
        deadlineMs: policy.deadlineMs,
        clock: policy.clock,
        signal: policy.signal,
        retryOn: isRetryableKubeError,
        onRetry: ({ attempt, delayMs, error }) =>
          policy.log.debug(
            `${what}: attempt ${attempt} failed (${errorMessage(error)}); retrying in ${delayMs} ms`,
          ),
      },
    );
  } catch (err) {
    // Retries ran out: report the server's (or network's) last answer, not "the deadline would pass".
    if (last instanceof Error && isRetryableKubeError(last) && attempts > 1) {
      const seconds = ((policy.clock.now() - started) / 1000).toFixed(1);
      last.message = `${last.message} (gave up after ${attempts} attempts in ${seconds}s)`;
      throw last;
    }
    throw err;
  }
}
