import { ManualClock } from '../src/clock.js';
import { TimeoutError } from '../src/errors.js';
import { isTransientNetworkError, isTransientStatus, parseRetryAfter, retry } from '../src/retry.js';

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs?: number,
  ) {
    super(`HTTP ${status}`);
  }
}

const noJitter = { jitter: 0 };

test('retries with exponential backoff capped at maxMs, in simulated time', async () => {
  const clock = new ManualClock();
  const calls: number[] = [];
  const result = retry(
    async (attempt) => {
      calls.push(clock.now());
      if (attempt < 5) throw new HttpError(503);
      return 'ok';
    },
    { clock, attempts: 5, baseMs: 100, maxMs: 300, ...noJitter },
  );
  expect(await clock.run(result, 10_000, 50)).toBe('ok');
  expect(calls).toEqual([0, 100, 300, 600, 900]);
});

test('honours Retry-After over the computed backoff', async () => {
  const clock = new ManualClock();
  const calls: number[] = [];
  const result = retry(
    async (attempt) => {
      calls.push(clock.now());
      if (attempt === 1) throw new HttpError(429, 7000);
      return attempt;
    },
    { clock, baseMs: 100, ...noJitter },
  );
  expect(await clock.run(result, 60_000, 500)).toBe(2);
  expect(calls).toEqual([0, 7000]);
});

test('gives up when the next wait would pass the deadline', async () => {
  const clock = new ManualClock();
  let attempts = 0;
  const result = retry(
    async () => {
      attempts++;
      throw new HttpError(500);
    },
    { clock, attempts: 100, baseMs: 1000, maxMs: 1000, deadlineMs: 3500, ...noJitter },
  );
  await expect(clock.run(result, 60_000, 100)).rejects.toThrow(TimeoutError);
  expect(attempts).toBe(4); // at 0, 1000, 2000, 3000; the next would start at 4000 > 3500
  await expect(result).rejects.toThrow('last error: HTTP 500');
});

test('a Retry-After longer than the deadline ends at once', async () => {
  const clock = new ManualClock();
  const result = retry(
    async () => {
      throw new HttpError(429, 60_000);
    },
    { clock, deadlineMs: 10_000 },
  );
  await expect(clock.run(result, 1000, 100)).rejects.toThrow(TimeoutError);
  expect(clock.now()).toBeLessThan(1000);
});

test('does not retry errors retryOn rejects, and stops after the attempts', async () => {
  const clock = new ManualClock();
  let calls = 0;
  const notRetryable = retry(
    async () => {
      calls++;
      throw new HttpError(404);
    },
    { clock, retryOn: (e) => isTransientStatus((e as HttpError).status) },
  );
  await expect(notRetryable).rejects.toThrow('HTTP 404');
  expect(calls).toBe(1);

  calls = 0;
  const limited = retry(
    async () => {
      calls++;
      throw new HttpError(502);
    },
    { clock, attempts: 3, baseMs: 10, ...noJitter },
  );
  await expect(clock.run(limited, 10_000, 10)).rejects.toThrow('HTTP 502');
  expect(calls).toBe(3);
});

test('jitter stays within ±jitter of the delay', async () => {
  const clock = new ManualClock();
  const delays: number[] = [];
  const result = retry(
    async (attempt) => {
      if (attempt < 3) throw new Error('x');
      return 1;
    },
    { clock, baseMs: 1000, jitter: 0.5, random: () => 1, onRetry: (i) => delays.push(i.delayMs) },
  );
  await clock.run(result, 60_000, 100);
  expect(delays).toEqual([1500, 3000]);
});

test('parseRetryAfter reads seconds and HTTP dates', () => {
  const now = Date.parse('2026-11-29T12:00:00Z');
  expect(parseRetryAfter('3', now)).toBe(3000);
  expect(parseRetryAfter('0.5', now)).toBe(500);
  expect(parseRetryAfter('Sun, 29 Nov 2026 12:00:10 GMT', now)).toBe(10_000);
  expect(parseRetryAfter('Sun, 29 Nov 2026 11:00:00 GMT', now)).toBe(0);
  expect(parseRetryAfter('soon', now)).toBeUndefined();
  expect(parseRetryAfter(null, now)).toBeUndefined();
});

test('transient statuses and network errors', () => {
  expect([408, 425, 429, 500, 503].every(isTransientStatus)).toBe(true);
  expect([400, 401, 403, 404, 409, 422].some(isTransientStatus)).toBe(false);
  expect(isTransientNetworkError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
  expect(isTransientNetworkError(new Error('fetch failed', { cause: { code: 'ECONNREFUSED' } }))).toBe(true);
  expect(isTransientNetworkError(new Error('bad'))).toBe(false);
});
