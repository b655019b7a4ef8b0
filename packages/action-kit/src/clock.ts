// Every wait in the project goes through a Clock so that logic can be tested in simulated time.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

interface PendingSleep {
  wakeAt: number;
  resolve: () => void;
}

/**
 * A clock that only moves when told to. `advance` wakes sleepers in time order and lets their
 * continuations run (microtasks) before moving on, so chained sleeps behave as in real time.
 */
export class ManualClock implements Clock {
  private current: number;
  private pending: PendingSleep[] = [];

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.pending = this.pending.filter((p) => p !== entry);
        reject(signal?.reason);
      };
      const entry: PendingSleep = {
        wakeAt: this.current + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.pending.push(entry);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Number of sleeps waiting to be woken. */
  get sleepers(): number {
    return this.pending.length;
  }

  /** Moves time forward by `ms`, waking every sleeper due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      const next = this.pending.filter((p) => p.wakeAt <= target).sort((a, b) => a.wakeAt - b.wakeAt)[0];
      if (!next) break;
      this.current = Math.max(this.current, next.wakeAt);
      this.pending = this.pending.filter((p) => p !== next);
      next.resolve();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /** Advances until `promise` settles or `maxMs` of simulated time has passed; returns its result. */
  async run<T>(promise: Promise<T>, maxMs = 24 * 3600_000, stepMs = 1000): Promise<T> {
    let settled = false;
    const tracked = promise.finally(() => {
      settled = true;
    });
    tracked.catch(() => undefined);
    const deadline = this.current + maxMs;
    while (!settled && this.current < deadline) {
      await this.advance(stepMs);
    }
    return tracked;
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}
