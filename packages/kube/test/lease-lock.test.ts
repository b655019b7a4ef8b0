import { ManualClock, MemoryLogger } from '@deploy-actions/action-kit';
import { KubeApiError, LeaseLock, LockTimeout, MemoryLeaseStore, microTime } from '../src/index.js';

function makeLock(
  store: MemoryLeaseStore,
  clock: ManualClock,
  holder: string,
  extra: Partial<ConstructorParameters<typeof LeaseLock>[0]> = {},
) {
  const log = new MemoryLogger();
  const lock = new LeaseLock({
    name: 'deploy-actions-web',
    holder,
    store,
    clock,
    log,
    leaseDurationSeconds: 30,
    waitTimeoutMs: 60_000,
    pollIntervalMs: 1000,
    ...extra,
  });
  return { lock, log };
}

describe('LeaseLock', () => {
  test('creates the Lease when absent, then releases it (holder cleared)', async () => {
    const clock = new ManualClock(1_000_000);
    const store = new MemoryLeaseStore();
    const { lock } = makeLock(store, clock, 'org/app/1/1');
    expect(await lock.acquire()).toEqual({ waitedMs: 0, tookOverFrom: undefined });
    const held = await store.get('deploy-actions-web');
    expect(held?.spec).toMatchObject({
      holderIdentity: 'org/app/1/1',
      leaseDurationSeconds: 30,
      renewTime: microTime(1_000_000),
      leaseTransitions: 0,
    });
    expect(held?.spec?.renewTime).toBe('1970-01-01T00:16:40.000000Z');
    expect(await lock.release()).toBe(true);
    expect((await store.get('deploy-actions-web'))?.spec?.holderIdentity).toBeUndefined();
  });

  test('a second holder waits until the first releases, then proceeds', async () => {
    const clock = new ManualClock(0);
    const store = new MemoryLeaseStore();
    const first = makeLock(store, clock, 'org/app/1/1');
    await first.lock.acquire();
    const second = makeLock(store, clock, 'org/app/2/1');
    const waiting = second.lock.acquire();
    await clock.advance(5000);
    await first.lock.release();
    const result = await clock.run(waiting, 10_000, 500);
    expect(result.waitedMs).toBeGreaterThanOrEqual(5000);
    expect(result.waitedMs).toBeLessThanOrEqual(7000);
    expect(result.tookOverFrom).toBeUndefined();
    expect(second.log.text()).toContain(
      'waiting for the deploy lock deploy-actions-web, held by org/app/1/1',
    );
    const lease = await store.get('deploy-actions-web');
    expect(lease?.spec?.holderIdentity).toBe('org/app/2/1');
  });

  test('gives up after the wait timeout, naming the holder', async () => {
    const clock = new ManualClock(0);
    const store = new MemoryLeaseStore();
    const first = makeLock(store, clock, 'org/app/1/1');
    await first.lock.acquire();
    first.lock.startRenewing();
    const second = makeLock(store, clock, 'org/app/2/1', { waitTimeoutMs: 20_000 });
    const err = await clock.run(
      second.lock.acquire().catch((e: unknown) => e),
      60_000,
      500,
    );
    expect(err).toBeInstanceOf(LockTimeout);
    expect((err as Error).message).toMatch(
      /^deploy lock deploy-actions-web is held by org\/app\/1\/1 \(last renewed \d+s ago, lease duration 30s\); gave up after waiting 20s \(lock-timeout\)$/,
    );
    await first.lock.release();
  });

  test('a dead holder is taken over only after its lease expires', async () => {
    const clock = new ManualClock(100_000);
    const store = new MemoryLeaseStore();
    const dead = makeLock(store, clock, 'org/app/1/1', { leaseDurationSeconds: 10 });
    await dead.lock.acquire(); // never renews, never releases
    const second = makeLock(store, clock, 'org/app/2/1');
    const result = await clock.run(second.lock.acquire(), 60_000, 250);
    expect(result.tookOverFrom).toBe('org/app/1/1');
    expect(result.waitedMs).toBeGreaterThanOrEqual(10_000);
    expect(result.waitedMs).toBeLessThan(12_000);
    const lease = await store.get('deploy-actions-web');
    expect(lease?.spec).toMatchObject({ holderIdentity: 'org/app/2/1', leaseTransitions: 1 });
    expect(second.log.text()).toContain('took over the deploy lock deploy-actions-web from org/app/1/1');
  });

  test('a renewed lease is never taken over', async () => {
    const clock = new ManualClock(0);
    const store = new MemoryLeaseStore();
    const live = makeLock(store, clock, 'org/app/1/1', { leaseDurationSeconds: 10 });
    await live.lock.acquire();
    live.lock.startRenewing();
    const second = makeLock(store, clock, 'org/app/2/1', { waitTimeoutMs: 45_000 });
    const err = await clock.run(
      second.lock.acquire().catch((e: unknown) => e),
      60_000,
      250,
    );
    expect(err).toBeInstanceOf(LockTimeout);
    expect((await store.get('deploy-actions-web'))?.spec?.holderIdentity).toBe('org/app/1/1');
    await live.lock.release();
  });

  test('the same holder (a re-run of the attempt) re-acquires at once', async () => {
    const clock = new ManualClock(0);
    const store = new MemoryLeaseStore();
    await makeLock(store, clock, 'org/app/1/1').lock.acquire();
    const again = await makeLock(store, clock, 'org/app/1/1').lock.acquire();
    expect(again.waitedMs).toBe(0);
  });

  test('409 races and 5xx answers are retried; 403 is not', async () => {
    const clock = new ManualClock(0);
    const store = new MemoryLeaseStore();
    store.failNext.push(
      new KubeApiError('GET', 503, 'ServiceUnavailable', ''),
      new KubeApiError('GET', 500, 'InternalError', ''),
    );
    const { lock } = makeLock(store, clock, 'org/app/1/1');
    expect((await clock.run(lock.acquire(), 10_000, 100)).waitedMs).toBeGreaterThan(0);
    const other = new MemoryLeaseStore();
    other.failNext.push(new KubeApiError('GET leases', 403, 'Forbidden', 'leases is forbidden'));
    await expect(makeLock(other, clock, 'x/1/1').lock.acquire()).rejects.toThrow(
      '403 Forbidden: leases is forbidden',
    );
  });

  test('renewal notices a takeover and reports the lock lost', async () => {
    const clock = new ManualClock(0);
    const store = new MemoryLeaseStore();
    const lost: string[] = [];
    const { lock } = makeLock(store, clock, 'org/app/1/1', { onLost: (r) => lost.push(r) });
    await lock.acquire();
    const current = (await store.get('deploy-actions-web'))!;
    await store.update({ ...current, spec: { ...current.spec, holderIdentity: 'intruder/9/1' } });
    await lock.renewOnce();
    expect(lost).toEqual(['the deploy lock deploy-actions-web was taken over by intruder/9/1']);
    expect(await lock.release()).toBe(false);
  });

  test('renewal moves renewTime forward', async () => {
    const clock = new ManualClock(0);
    const store = new MemoryLeaseStore();
    const { lock } = makeLock(store, clock, 'org/app/1/1', { leaseDurationSeconds: 9 });
    await lock.acquire();
    lock.startRenewing();
    await clock.advance(3000);
    expect((await store.get('deploy-actions-web'))?.spec?.renewTime).toBe(microTime(3000));
    expect((await store.get('deploy-actions-web'))?.spec?.acquireTime).toBe(microTime(0));
    await lock.release();
  });
});
