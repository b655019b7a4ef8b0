// A deploy lock per application on a coordination.k8s.io/v1 Lease: acquired by create, or by an
// update with resourceVersion when free, ours, or expired; waited for up to a timeout; renewed in
// the background; released at the end. A 409 always means "look again", never "we have it".
import { errorMessage, type Clock, type Logger } from '@deploy-actions/action-kit';
import { isRetryableKubeError, LockTimeout } from '../errors.js';
import type { Lease } from '../types.js';
import type { LeaseStore } from './lease-store.js';

export interface LeaseLockOptions {
  name: string;
  holder: string;
  store: LeaseStore;
  clock: Clock;
  log: Logger;
  leaseDurationSeconds?: number;
  /** How long to wait for another holder before failing. */
  waitTimeoutMs: number;
  pollIntervalMs?: number;
  renewIntervalMs?: number;
  /** Called once when the lease was lost (taken over or not renewable for a whole duration). */
  onLost?: (reason: string) => void;
}

export interface AcquireResult {
  waitedMs: number;
  /** The previous holder whose lease had expired and was taken over. */
  tookOverFrom?: string;
}

type Attempt =
  | { acquired: true; lease: Lease; tookOverFrom?: string }
  | { acquired: false; holder: string; renewedAt?: number; durationMs: number };

export class LeaseLock {
  private lease?: Lease;
  private renewing?: AbortController;
  private observed?: { resourceVersion?: string; at: number };
  private lastRenewedAt = 0;
  lost?: string;

  constructor(private readonly o: LeaseLockOptions) {}

  private get durationSeconds(): number {
    return this.o.leaseDurationSeconds ?? 60;
  }

  async acquire(signal?: AbortSignal): Promise<AcquireResult> {
    const start = this.o.clock.now();
    let busy: Extract<Attempt, { acquired: false }> | undefined;
    for (;;) {
      const attempt = await this.tryAcquire().catch((err: unknown) => {
        if (!isRetryableKubeError(err)) throw err;
        this.o.log.debug(`lock ${this.o.name}: ${errorMessage(err)}; trying again`);
        return undefined;
      });
      if (attempt?.acquired) {
        this.lease = attempt.lease;
        this.lastRenewedAt = this.o.clock.now();
        if (attempt.tookOverFrom)
          this.o.log.warning(
            `took over the deploy lock ${this.o.name} from ${attempt.tookOverFrom}, whose lease had expired`,
          );
        return { waitedMs: this.o.clock.now() - start, tookOverFrom: attempt.tookOverFrom };
      }
      if (attempt && !busy) {
        this.o.log.info(
          `waiting for the deploy lock ${this.o.name}, held by ${attempt.holder} (up to ${Math.round(this.o.waitTimeoutMs / 1000)}s)`,
        );
      }
      if (attempt) busy = attempt;
      const waited = this.o.clock.now() - start;
      if (waited >= this.o.waitTimeoutMs) throw this.timeoutError(busy, waited);
      // Held: poll. Lost a race (409) or a transient failure: look again soon.
      const pause = attempt ? (this.o.pollIntervalMs ?? 2000) : 200;
      await this.o.clock.sleep(Math.min(pause, Math.max(1, this.o.waitTimeoutMs - waited)), signal);
    }
  }

  /** One look at the Lease and, when it is free, ours or expired, one write to take it. */
  private async tryAcquire(): Promise<Attempt | undefined> {
    const { store, name, holder, clock } = this.o;
    const now = clock.now();
    const current = await store.get(name);
    if (!current) {
      const lease = await store.create(this.leaseBody(undefined, now, 0)).catch(conflictAsUndefined);
      return lease && { acquired: true, lease };
    }
    const spec = current.spec ?? {};
    const other = spec.holderIdentity && spec.holderIdentity !== holder ? spec.holderIdentity : undefined;
    if (other && !this.expired(current, now)) {
      return {
        acquired: false,
        holder: other,
        renewedAt: parseTime(spec.renewTime),
        durationMs: (spec.leaseDurationSeconds ?? 0) * 1000,
      };
    }
    const sameHolder = spec.holderIdentity === holder;
    const transitions = (spec.leaseTransitions ?? 0) + (sameHolder || !spec.holderIdentity ? 0 : 1);
    const body = this.leaseBody(current, now, transitions, sameHolder ? spec.acquireTime : undefined);
    const lease = await store.update(body).catch(conflictAsUndefined);
    return lease && { acquired: true, lease, tookOverFrom: other };
  }

  /**
   * Expired when its renewTime plus duration has passed, or when we have watched it stay unchanged
   * for a whole duration (client-go's rule, immune to a skewed clock on the holder's side).
   */
  private expired(lease: Lease, now: number): boolean {
    const durationMs = (lease.spec?.leaseDurationSeconds ?? 0) * 1000;
    const renewedAt = parseTime(lease.spec?.renewTime ?? lease.spec?.acquireTime);
    if (renewedAt !== undefined && renewedAt + durationMs < now) return true;
    const seen = this.observed;
    if (!seen || seen.resourceVersion !== lease.metadata.resourceVersion) {
      this.observed = { resourceVersion: lease.metadata.resourceVersion, at: now };
      return false;
    }
    return now - seen.at >= durationMs;
  }

  private leaseBody(
    current: Lease | undefined,
    now: number,
    transitions: number,
    acquireTime?: string,
  ): Lease {
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { ...(current?.metadata ?? {}), name: this.o.name, managedFields: undefined },
      spec: {
        holderIdentity: this.o.holder,
        leaseDurationSeconds: this.durationSeconds,
        acquireTime: acquireTime ?? microTime(now),
        renewTime: microTime(now),
        leaseTransitions: transitions,
      },
    };
  }

  private timeoutError(
    attempt: Extract<Attempt, { acquired: false }> | undefined,
    waitedMs: number,
  ): LockTimeout {
    const holder = attempt ? attempt.holder : 'another deploy';
    let expiry = '';
    if (attempt && attempt.renewedAt !== undefined) {
      const ago = Math.max(0, Math.round((this.o.clock.now() - attempt.renewedAt) / 1000));
      expiry = ` (last renewed ${ago}s ago, lease duration ${Math.round(attempt.durationMs / 1000)}s)`;
    }
    return new LockTimeout(
      `deploy lock ${this.o.name} is held by ${holder}${expiry}; gave up after waiting ${Math.round(waitedMs / 1000)}s (lock-timeout)`,
    );
  }

  /** Renews every third of the lease duration until released; reports loss through onLost. */
  startRenewing(): void {
    if (this.renewing || !this.lease) return;
    const controller = new AbortController();
    this.renewing = controller;
    const interval = this.o.renewIntervalMs ?? Math.max(1000, (this.durationSeconds * 1000) / 3);
    void (async () => {
      while (!controller.signal.aborted && !this.lost) {
        try {
          await this.o.clock.sleep(interval, controller.signal);
        } catch {
          return;
        }
        await this.renewOnce();
      }
    })();
  }

  /** One renewal; exposed for tests. */
  async renewOnce(): Promise<void> {
    const { store, name, holder, clock } = this.o;
    try {
      const current = await store.get(name);
      if (!current || current.spec?.holderIdentity !== holder) {
        return this.markLost(
          `the deploy lock ${name} was taken over by ${current?.spec?.holderIdentity || 'nobody (deleted)'}`,
        );
      }
      const body = this.leaseBody(
        current,
        clock.now(),
        current.spec?.leaseTransitions ?? 0,
        current.spec?.acquireTime,
      );
      this.lease = await store.update(body);
      this.lastRenewedAt = clock.now();
    } catch (err) {
      this.o.log.debug(`renewing lock ${name} failed: ${errorMessage(err)}`);
      if (clock.now() - this.lastRenewedAt >= this.durationSeconds * 1000) {
        this.markLost(
          `could not renew the deploy lock ${name} for ${this.durationSeconds}s: ${errorMessage(err)}`,
        );
      }
    }
  }

  private markLost(reason: string): void {
    if (this.lost) return;
    this.lost = reason;
    this.o.log.warning(reason);
    this.o.onLost?.(reason);
  }

  /** Stops renewing and frees the Lease if we still hold it. Never throws: the deploy's result matters more. */
  async release(): Promise<boolean> {
    this.renewing?.abort();
    this.renewing = undefined;
    const { store, name, holder, clock } = this.o;
    for (let attempt = 1; attempt <= 5; attempt++) {
      try {
        const current = await store.get(name);
        if (!current || current.spec?.holderIdentity !== holder) return false;
        await store.update({
          ...current,
          metadata: { ...current.metadata, managedFields: undefined },
          spec: {
            ...current.spec,
            holderIdentity: undefined,
            leaseDurationSeconds: 1,
            renewTime: microTime(clock.now()),
          },
        });
        this.lease = undefined;
        return true;
      } catch (err) {
        if (!isRetryableKubeError(err)) break;
        await clock.sleep(200 * attempt).catch(() => undefined);
      }
    }
    this.o.log.warning(`could not release the deploy lock ${name}; it frees itself when its lease expires`);
    return false;
  }
}

function conflictAsUndefined(err: unknown): undefined {
  if ((err as { status?: number }).status === 409) return undefined;
  throw err;
}

/** Kubernetes MicroTime: RFC 3339 with microseconds. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function parseTime(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}
