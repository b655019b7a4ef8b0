// Retries transient failures with capped, jittered exponential backoff, honouring Retry-After,
// within a total deadline. All waits go through the injected Clock.
import { realClock, type Clock } from './clock.js';
import { TimeoutError, errorMessage } from './errors.js';

export interface RetryOptions {
  attempts?: number;
  baseMs?: number;
  maxMs?: number;
  /** Total time budget from the first attempt; no attempt starts after it. */
  deadlineMs?: number;
  /** Decides whether an error is worth another try. Default: every error. */
  retryOn?: (err: unknown) => boolean;
  clock?: Clock;
  /** 0..1: fraction of the delay randomised. Default 0.2. */
  jitter?: number;
  random?: () => number;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  signal?: AbortSignal;
}

/** An error may carry how long the server asked us to wait (HTTP Retry-After). */
export interface RetryAfterCarrier {
  retryAfterMs?: number;
}

export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const clock = options.clock ?? realClock;
  const attempts = options.attempts ?? 4;
  const baseMs = options.baseMs ?? 500;
  const maxMs = options.maxMs ?? 30_000;
  const jitter = options.jitter ?? 0.2;
  const random = options.random ?? Math.random;
  const start = clock.now();
  const deadline = options.deadlineMs === undefined ? Infinity : start + options.deadlineMs;

  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const retryable = options.retryOn ? options.retryOn(error) : true;
      if (!retryable || attempt >= attempts) throw error;
      const delayMs = nextDelay(error, attempt, { baseMs, maxMs, jitter, random });
      if (clock.now() + delayMs >= deadline) {
        throw new TimeoutError(
          `gave up after ${attempt} attempt(s): the deadline of ${options.deadlineMs} ms would pass before the next try; last error: ${errorMessage(error)}`,
          { cause: error },
        );
      }
      options.onRetry?.({ attempt, delayMs, error });
      await clock.sleep(delayMs, options.signal);
    }
  }
}

function nextDelay(
  error: unknown,
  attempt: number,
  o: { baseMs: number; maxMs: number; jitter: number; random: () => number },
): number {
  const asked = (error as RetryAfterCarrier | null)?.retryAfterMs;
  if (typeof asked === 'number' && Number.isFinite(asked) && asked >= 0) return asked;
  const exponential = Math.min(o.maxMs, o.baseMs * 2 ** (attempt - 1));
  const spread = exponential * o.jitter;
  return Math.round(exponential - spread + o.random() * spread * 2);
}

/** Parses an HTTP Retry-After header (seconds or an HTTP date) into milliseconds from `nowMs`. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** An HTTP response status worth retrying: 408, 425, 429 and 5xx. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

/** A network-level error worth retrying (reset, refused, timeout). */
export function isTransientNetworkError(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
    if ((current as { name?: unknown }).name === 'TimeoutError') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
