import { ConfigurationError, ManualClock, silentLogger } from '@deploy-actions/action-kit';
import { KubeApiError, KubeNetworkError, kubeRetry, type RetryPolicy } from '../src/index.js';

const policy = (clock: ManualClock): RetryPolicy => ({
  clock,
  log: silentLogger,
  deadlineMs: 10_000,
  attempts: 6,
  baseMs: 100,
  maxMs: 1000,
});

test('409 and 5xx are retried, each attempt re-running the read-modify-write', async () => {
  const clock = new ManualClock();
  const seen: number[] = [];
  const result = kubeRetry(
    'update web',
    async (attempt) => {
      seen.push(attempt);
      if (attempt === 1) throw new KubeApiError('PUT web', 409, 'Conflict', 'the object has been modified');
      if (attempt === 2) throw new KubeApiError('PUT web', 503, 'ServiceUnavailable', '');
      return 'ok';
    },
    policy(clock),
  );
  expect(await clock.run(result, 10_000, 50)).toBe('ok');
  expect(seen).toEqual([1, 2, 3]);
});

test('403 and configuration errors fail at once', async () => {
  const clock = new ManualClock();
  let calls = 0;
  await expect(
    kubeRetry(
      'x',
      async () => {
        calls++;
        throw new KubeApiError(
          'PATCH deployments/web',
          403,
          'Forbidden',
          'deployments.apps "web" is forbidden',
        );
      },
      policy(clock),
    ),
  ).rejects.toThrow(
    'PATCH deployments/web: 403 Forbidden: deployments.apps "web" is forbidden (the credentials lack this permission',
  );
  expect(calls).toBe(1);
  await expect(
    kubeRetry(
      'x',
      async () => {
        throw new ConfigurationError('nope');
      },
      policy(clock),
    ),
  ).rejects.toThrow('nope');
});

test('an unreachable server ends with the network error and how long it was tried', async () => {
  const clock = new ManualClock();
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  const run = kubeRetry(
    'GET /version',
    async () => {
      throw new KubeNetworkError('GET /version', 'https://127.0.0.1:1', refused);
    },
    policy(clock),
  ).catch((e: unknown) => e);
  const err = (await clock.run(run, 60_000, 50)) as Error;
  expect(err).toBeInstanceOf(KubeNetworkError);
  expect(err.message).toMatch(
    /^GET \/version: cannot reach the Kubernetes API at https:\/\/127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1 \(gave up after 6 attempts in \d+\.\ds\)$/,
  );
});
