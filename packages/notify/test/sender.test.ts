// The retry rules of the HTTP sender in simulated time: which statuses are retried, how long it
// waits, and that failures never quote the URL or the body.
import { ManualClock, MemoryLogger } from '@deploy-actions/action-kit';
import { DeliveryError, discordRetryAfter, sendHttp, type FetchLike, type HttpDeps } from '../src/index.js';

const SECRET_URL = 'https://hooks.example.com/services/T000/B000/s3cr3tT0ken';

interface Scripted {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  error?: unknown;
}

function scriptedFetch(answers: Scripted[]) {
  const calls: Array<{ url: string; init: RequestInit; at: number }> = [];
  let clock: ManualClock | undefined;
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init, at: clock?.now() ?? 0 });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    if (answer.error) throw answer.error;
    return new Response(answer.body ?? null, { status: answer.status ?? 200, headers: answer.headers });
  };
  return { fetch, calls, bind: (c: ManualClock) => (clock = c) };
}

function deps(
  fetch: FetchLike,
  clock: ManualClock,
  log = new MemoryLogger(),
  retries = 3,
  deadlineMs?: number,
): HttpDeps {
  return {
    fetch,
    timeoutMs: 5000,
    log,
    policy: {
      retries,
      baseDelayMs: 1000,
      maxDelayMs: 8000,
      maxRetryAfterMs: 60_000,
      deadlineMs,
      clock,
      random: () => 0.5,
    },
  };
}

async function send(
  answers: Scripted[],
  options: {
    retries?: number;
    deadlineMs?: number;
    retryAfterFromBody?: (b: unknown) => number | undefined;
  } = {},
) {
  const clock = new ManualClock(1_000_000);
  const scripted = scriptedFetch(answers);
  scripted.bind(clock);
  const log = new MemoryLogger();
  const promise = sendHttp(
    'slack',
    { url: SECRET_URL, body: '{"text":"hi"}', retryAfterFromBody: options.retryAfterFromBody },
    deps(scripted.fetch, clock, log, options.retries, options.deadlineMs),
  );
  const outcome = await clock.run(
    promise.then(
      (r) => ({ ok: true as const, reply: r }),
      (e: unknown) => ({ ok: false as const, error: e }),
    ),
    120_000,
    50,
  );
  return { outcome, calls: scripted.calls, log, start: 1_000_000 };
}

test('429 with Retry-After: waits exactly that long, then sends the same bytes once more', async () => {
  const { outcome, calls, start } = await send([
    { status: 429, headers: { 'retry-after': '2' } },
    { status: 200, body: 'ok' },
  ]);
  expect(outcome.ok).toBe(true);
  expect(calls).toHaveLength(2);
  expect(calls[1]!.at - start).toBeGreaterThanOrEqual(2000);
  expect(calls[1]!.at - start).toBeLessThan(2100);
  expect(calls[1]!.init.body).toBe(calls[0]!.init.body);
});

test('Discord retry_after in the 429 body wins over backoff', async () => {
  const { outcome, calls, start } = await send(
    [{ status: 429, body: '{"retry_after": 0.3, "global": false}' }, { status: 204 }],
    {
      retryAfterFromBody: discordRetryAfter,
    },
  );
  expect(outcome.ok).toBe(true);
  expect(calls[1]!.at - start).toBeGreaterThanOrEqual(300);
  expect(calls[1]!.at - start).toBeLessThan(400);
});

test('500 four times: four attempts with growing backoff, then one error naming channel and status only', async () => {
  const { outcome, calls, log, start } = await send([{ status: 500, body: `{"echo":"${SECRET_URL}"}` }]);
  expect(outcome.ok).toBe(false);
  expect(calls).toHaveLength(4);
  const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
  expect(gaps).toEqual([1000, 2000, 4000]);
  expect(calls[0]!.at).toBe(start);
  const error = (outcome as { error: unknown }).error;
  expect(error).toBeInstanceOf(DeliveryError);
  expect((error as DeliveryError).message).toBe('slack: HTTP 500 (after 4 attempts)');
  expect(log.text()).not.toContain('s3cr3t');
  expect(log.text()).toContain('slack: HTTP 500; retrying in 1.0 s (attempt 2 of 4)');
});

test.each([400, 401, 403, 404, 410, 422])('HTTP %i is not retried', async (status) => {
  const { outcome, calls } = await send([{ status }]);
  expect(calls).toHaveLength(1);
  expect((outcome as { error: Error }).error.message).toBe(`slack: HTTP ${status}`);
});

test('a redirect is not followed (it would resend credentials)', async () => {
  const { outcome, calls } = await send([
    { status: 302, headers: { location: 'https://elsewhere.example.com/' } },
  ]);
  expect(calls).toHaveLength(1);
  expect(calls[0]!.init.redirect).toBe('manual');
  expect((outcome as { error: Error }).error.message).toBe('slack: HTTP 302 (redirects are not followed)');
});

test('a wait longer than allowed fails at once instead of hanging the job', async () => {
  const { outcome, calls } = await send([{ status: 429, headers: { 'retry-after': '3600' } }]);
  expect(calls).toHaveLength(1);
  expect((outcome as { error: Error }).error.message).toBe(
    'slack: HTTP 429, asked to wait 3600 s (more than the 60 s allowed)',
  );
});

test('connection refused is retried and reported without the address', async () => {
  const refused = new TypeError('fetch failed', {
    cause: Object.assign(new Error(`connect ECONNREFUSED ${SECRET_URL}`), { code: 'ECONNREFUSED' }),
  });
  const { outcome, calls } = await send([{ error: refused }], { retries: 1 });
  expect(calls).toHaveLength(2);
  expect((outcome as { error: Error }).error.message).toBe('slack: connection refused (after 2 attempts)');
});

test('a timeout is reported with the limit, and a success after it counts', async () => {
  const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
  const { outcome, calls } = await send([{ error: timeout }, { status: 200 }]);
  expect(outcome.ok).toBe(true);
  expect(calls).toHaveLength(2);
  const failed = await send([{ error: timeout }], { retries: 0 });
  expect((failed.outcome as { error: Error }).error.message).toBe('slack: no response within 5000 ms');
});

test('JSON content type, user agent and caller headers are sent', async () => {
  const { calls } = await send([{ status: 200 }]);
  const headers = calls[0]!.init.headers as Record<string, string>;
  expect(headers['content-type']).toBe('application/json; charset=utf-8');
  expect(headers['user-agent']).toMatch(/^deploy-actions-notify\//);
  expect(calls[0]!.init.method).toBe('POST');
  expect(calls[0]!.init.signal).toBeInstanceOf(AbortSignal);
});

test('no retry starts when its wait would pass the total deadline', async () => {
  const { outcome, calls } = await send([{ status: 503, headers: { 'retry-after': '40' } }], {
    deadlineMs: 60_000,
  });
  // 0 s: first try; 40 s: second; a third at 80 s would pass the 60 s deadline.
  expect(calls).toHaveLength(2);
  expect((outcome as { error: Error }).error.message).toBe(
    'slack: HTTP 503 (gave up: the next try would pass the 60 s deadline)',
  );
});
