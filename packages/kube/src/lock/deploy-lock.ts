// The per-application deploy lock as the actions use it: Lease `deploy-actions-<app>` held by
// `<repository>/<run id>/<attempt>`, renewed while the work runs, released afterwards.
import os from 'node:os';
import { ActionError, type Clock, type Logger } from '@deploy-actions/action-kit';
import type { KubeApi } from '../client/api.js';
import { LeaseLock, type AcquireResult } from './lease-lock.js';
import { KubeLeaseStore } from './lease-store.js';

export interface DeployLockOptions {
  api: KubeApi;
  namespace: string;
  app: string;
  holder: string;
  waitTimeoutMs: number;
  clock: Clock;
  log: Logger;
  leaseDurationSeconds?: number;
  pollIntervalMs?: number;
  signal?: AbortSignal;
}

export class LockLost extends ActionError {}

export function lockName(app: string): string {
  return `deploy-actions-${app}`.slice(0, 253);
}

/** `<repository>/<run id>/<attempt>` on GitHub; host and pid elsewhere. */
export function lockHolder(env: NodeJS.ProcessEnv): string {
  if (env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID)
    return `${env.GITHUB_REPOSITORY}/${env.GITHUB_RUN_ID}/${env.GITHUB_RUN_ATTEMPT ?? '1'}`;
  return `local/${os.hostname()}/${process.pid}`;
}

export interface HeldLock extends AcquireResult {
  name: string;
  /** Aborted when the lease is lost while the work runs. */
  signal: AbortSignal;
  release(): Promise<boolean>;
}

export async function acquireDeployLock(o: DeployLockOptions): Promise<HeldLock> {
  const lost = new AbortController();
  const name = lockName(o.app);
  const lock = new LeaseLock({
    name,
    holder: o.holder,
    store: new KubeLeaseStore(o.api, o.namespace),
    clock: o.clock,
    log: o.log,
    leaseDurationSeconds: o.leaseDurationSeconds,
    waitTimeoutMs: o.waitTimeoutMs,
    pollIntervalMs: o.pollIntervalMs,
    onLost: (reason) =>
      lost.abort(new LockLost(`${reason}; stopped so two deploys never change the same application at once`)),
  });
  const acquired = await lock.acquire(o.signal);
  lock.startRenewing();
  o.log.info(`holding the deploy lock ${name} as ${o.holder}`);
  return { ...acquired, name, signal: lost.signal, release: () => lock.release() };
}
