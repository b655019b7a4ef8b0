import { getEventListeners } from 'node:events';
import { ManualClock, realClock } from '../src/clock.js';

test('ManualClock wakes chained sleeps in order without real waiting', async () => {
  const clock = new ManualClock(1000);
  const woke: Array<[string, number]> = [];
  const a = (async () => {
    await clock.sleep(500);
    woke.push(['a1', clock.now()]);
    await clock.sleep(500);
    woke.push(['a2', clock.now()]);
  })();
  const b = clock.sleep(700).then(() => woke.push(['b', clock.now()]));
  await clock.advance(2000);
  await Promise.all([a, b]);
  expect(woke).toEqual([
    ['a1', 1500],
    ['b', 1700],
    ['a2', 2000],
  ]);
  expect(clock.now()).toBe(3000);
  expect(clock.sleepers).toBe(0);
});

test('an aborted sleep rejects with the reason and leaves no sleeper', async () => {
  const clock = new ManualClock();
  const controller = new AbortController();
  const sleeping = clock.sleep(10_000, controller.signal);
  controller.abort(new Error('cancelled'));
  await expect(sleeping).rejects.toThrow('cancelled');
  expect(clock.sleepers).toBe(0);
  await expect(realClock.sleep(10_000, controller.signal)).rejects.toThrow('cancelled');
});

test('a finished sleep leaves no abort listener behind', async () => {
  const clock = new ManualClock();
  const controller = new AbortController();
  for (let i = 0; i < 20; i++) {
    const sleeping = clock.sleep(10, controller.signal);
    await clock.advance(10);
    await sleeping;
  }
  expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
});
