// Sends one JSON request for a channel with a per-attempt timeout, retrying 429 (after the wait the
// server asks for) and 5xx with capped backoff; never other 4xx. fetch and the Clock are injected.
import {
  TimeoutError,
  errorMessage,
  parseRetryAfter,
  retry,
  type Clock,
  type Logger,
} from '@deploy-actions/action-kit';
import { DeliveryError, networkFailure } from './delivery-error.js';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface RetryPolicy {
  /** Retries after the first attempt (the `retries` input). */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A server asking for a longer wait than this is not waited for: the channel fails at once. */
  maxRetryAfterMs: number;
  /** Total time budget per channel: no retry starts when its wait would end after it. */
  deadlineMs?: number;
  clock: Clock;
  random?: () => number;
}

export interface HttpDeps {
  fetch: FetchLike;
  timeoutMs: number;
  policy: RetryPolicy;
  log: Logger;
}

export interface HttpRequest {
  url: string;
  method?: 'POST' | 'PATCH' | 'PUT';
  headers?: Record<string, string>;
  /** Serialised once by the caller: every attempt sends these exact bytes. */
  body: string;
  /** Reads a wait from a 429 body (Discord's `retry_after` in seconds). */
  retryAfterFromBody?: (body: unknown) => number | undefined;
}

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export const USER_AGENT = 'deploy-actions-notify/0.1 (+https://github.com/deploy-actions)';

/** 429 and 5xx: the only statuses worth another attempt (the issue: never other 4xx). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

export async function sendHttp(channel: string, request: HttpRequest, deps: HttpDeps): Promise<HttpReply> {
  return retryDelivery(
    channel,
    (attempt, attempts) => attemptOnce(channel, request, deps, attempt, attempts),
    deps.policy,
    deps.log,
  );
}

/** Runs `fn` again while it fails with a transient DeliveryError, within the policy; the last error says how many attempts were made. */
export async function retryDelivery<T>(
  channel: string,
  fn: (attempt: number, attempts: number) => Promise<T>,
  policy: RetryPolicy,
  log: Logger,
): Promise<T> {
  const attempts = policy.retries + 1;
  try {
    return await retry((attempt) => fn(attempt, attempts), {
      attempts,
      baseMs: policy.baseDelayMs,
      maxMs: policy.maxDelayMs,
      deadlineMs: policy.deadlineMs,
      clock: policy.clock,
      random: policy.random,
      retryOn: (err) => err instanceof DeliveryError && err.transient,
      onRetry: ({ attempt, delayMs, error }) =>
        log.info(
          `${errorMessage(error)}; retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${attempts})`,
        ),
    });
  } catch (err) {
    if (err instanceof DeliveryError && err.transient && attempts > 1) {
      throw new DeliveryError(channel, `${err.reason} (after ${attempts} attempts)`, { status: err.status });
    }
    // retry() gives up early when the next wait would pass the deadline; report the last failure.
    const last = (err as { cause?: unknown } | null)?.cause;
    if (err instanceof TimeoutError && last instanceof DeliveryError) {
      const seconds = Math.round((policy.deadlineMs ?? 0) / 1000);
      throw new DeliveryError(
        channel,
        `${last.reason} (gave up: the next try would pass the ${seconds} s deadline)`,
        { status: last.status },
      );
    }
    throw err;
  }
}

async function attemptOnce(
  channel: string,
  request: HttpRequest,
  deps: HttpDeps,
  attempt: number,
  attempts: number,
): Promise<HttpReply> {
  deps.log.debug(`${channel}: sending (attempt ${attempt} of ${attempts})`);
  let response: Response;
  let text: string;
  try {
    response = await deps.fetch(request.url, {
      method: request.method ?? 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': USER_AGENT,
        ...request.headers,
      },
      body: request.body,
      // Following a redirect would resend credentials to wherever it points.
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
    text = await response.text();
  } catch (err) {
    throw networkFailure(channel, err, deps.timeoutMs);
  }
  const json = parseJson(text);
  if (response.status >= 200 && response.status < 300)
    return { status: response.status, headers: response.headers, text, json };
  throw statusFailure(channel, response, json, request, deps);
}

function statusFailure(
  channel: string,
  response: Response,
  json: unknown,
  request: HttpRequest,
  deps: HttpDeps,
): DeliveryError {
  const status = response.status;
  if (status >= 300 && status < 400)
    return new DeliveryError(channel, `HTTP ${status} (redirects are not followed)`, { status });
  if (!isRetryableStatus(status)) return new DeliveryError(channel, `HTTP ${status}`, { status });
  const fromBody = status === 429 ? request.retryAfterFromBody?.(json) : undefined;
  const retryAfterMs =
    fromBody ?? parseRetryAfter(response.headers.get('retry-after'), deps.policy.clock.now());
  if (retryAfterMs !== undefined && retryAfterMs > deps.policy.maxRetryAfterMs) {
    const seconds = Math.ceil(retryAfterMs / 1000);
    return new DeliveryError(
      channel,
      `HTTP ${status}, asked to wait ${seconds} s (more than the ${deps.policy.maxRetryAfterMs / 1000} s allowed)`,
      {
        status,
      },
    );
  }
  return new DeliveryError(channel, `HTTP ${status}`, { status, transient: true, retryAfterMs });
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
