// A rolling update that waits, explains and undoes: lock → (apply manifests) → set image → wait by
// the `kubectl rollout status` rule → on failure explain, and roll back to the revision that ran before.
import { ConfigurationError, type Clock, type Logger } from '@deploy-actions/action-kit';
import type { KubeApi } from './client/api.js';
import { collectDiagnosis } from './explain/collect.js';
import { findNewReplicaSet, type RolloutDiagnosis } from './explain/explain.js';
import { acquireDeployLock, type HeldLock } from './lock/deploy-lock.js';
import { waitForRollout, type WaitResult } from './rollout/wait.js';
import { Timings, type Timing } from './timings.js';
import type { Deployment, KubeObject } from './types.js';
import { applyManifests, type AppliedObject } from './workloads/apply.js';
import {
  containerImage,
  deploymentRevision,
  pickContainer,
  readDeployment,
  requireDeployment,
  setImage,
} from './workloads/deployment.js';
import { ownedReplicaSets, rolloutHistory, type RevisionInfo } from './workloads/history.js';
import { undoRollout } from './workloads/undo.js';

export interface RollingDeployOptions {
  api: KubeApi;
  namespace: string;
  deployment: string;
  container?: string;
  image?: string;
  manifests?: KubeObject[];
  timeoutMs: number;
  wait: boolean;
  undoOnFailure: boolean;
  lock?: { holder: string; timeoutMs: number; leaseDurationSeconds?: number; pollIntervalMs?: number };
  clock: Clock;
  log: Logger;
  signal?: AbortSignal;
  pollIntervalMs?: number;
}

export interface RollingDeployResult {
  result: 'deployed' | 'rolled-back' | 'failed';
  container: string;
  revision?: number;
  previousRevision?: number;
  image?: string;
  previousImage?: string;
  readyReplicas: number;
  desiredReplicas: number;
  changed: boolean;
  applied: AppliedObject[];
  /** One line saying why the rollout failed (set when result is not `deployed`). */
  failure?: string;
  diagnosis?: RolloutDiagnosis;
  rollback?: { toReplicaSet: string; outcome: WaitResult['outcome'] | 'skipped'; message: string };
  lock?: { name: string; waitedMs: number; tookOverFrom?: string };
  history: RevisionInfo[];
  timings: Timing[];
}

interface Before {
  deployment?: Deployment;
  revision?: number;
  image?: string;
  replicaSet?: string;
}

export async function rollingDeploy(o: RollingDeployOptions): Promise<RollingDeployResult> {
  const timings = new Timings(o.clock);
  let lock: HeldLock | undefined;
  // The Lease lives in the namespace: namespaces the manifests create must exist before locking.
  const namespaces = (o.manifests ?? []).filter((m) => m.kind === 'Namespace' && m.apiVersion === 'v1');
  if (namespaces.length) await applyManifests(o.api, namespaces, o.namespace);
  if (o.lock) {
    const settings = o.lock;
    lock = await timings.time('wait for lock', () =>
      acquireDeployLock({
        api: o.api,
        namespace: o.namespace,
        app: o.deployment,
        holder: settings.holder,
        waitTimeoutMs: settings.timeoutMs,
        leaseDurationSeconds: settings.leaseDurationSeconds,
        pollIntervalMs: settings.pollIntervalMs,
        clock: o.clock,
        log: o.log,
        signal: o.signal,
      }),
    );
  }
  try {
    const signals = [o.signal, lock?.signal].filter((s): s is AbortSignal => !!s);
    const signal = signals.length ? AbortSignal.any(signals) : undefined;
    const api = o.api.with({ signal, log: o.log, clock: o.clock });
    const result = await deployLocked({ ...o, api, signal }, timings);
    if (lock) result.lock = { name: lock.name, waitedMs: lock.waitedMs, tookOverFrom: lock.tookOverFrom };
    return result;
  } catch (err) {
    if (lock?.signal.aborted) throw lock.signal.reason;
    throw err;
  } finally {
    await lock?.release();
  }
}

async function deployLocked(o: RollingDeployOptions, timings: Timings): Promise<RollingDeployResult> {
  const before = await readBefore(o);
  const applied = o.manifests?.length
    ? await timings.time('apply manifests', () => applyManifests(o.api, o.manifests!, o.namespace))
    : [];
  let current = await requireDeployment(o.api, o.namespace, o.deployment);
  const container = pickContainer(current, o.container);
  if (current.spec?.paused)
    o.log.warning(
      `deployment "${o.deployment}" is paused: its rollout will not progress until 'kubectl rollout resume'`,
    );
  if (o.image)
    current = (
      await timings.time('set image', () => setImage(o.api, o.namespace, o.deployment, container, o.image!))
    ).deployment;
  const base = {
    container,
    previousRevision: before.revision,
    previousImage: before.image,
    applied,
    history: [] as RevisionInfo[],
    timings: timings.steps,
  };
  if (!o.wait) {
    const observed = await awaitObserved(o, current);
    return {
      ...base,
      ...snapshot(observed, container),
      result: 'deployed',
      changed: deploymentRevision(observed) !== before.revision,
    };
  }
  const waited = await timings.time('rollout', () =>
    waitForRollout(o.api, o.namespace, o.deployment, waitOptions(o)),
  );
  const latest = waited.deployment ?? current;
  const changed = deploymentRevision(latest) !== before.revision;
  if (waited.outcome === 'complete') {
    return {
      ...base,
      ...snapshot(latest, container),
      result: 'deployed',
      changed,
      history: await historyOf(o, latest),
    };
  }
  const diagnosis = waited.outcome === 'deleted' ? undefined : await collectDiagnosis(o.api, latest, o.log);
  const failure = [waited.message, diagnosis?.headline].filter(Boolean).join('; ');
  o.log.info(`rollout failed: ${failure}`);
  if (
    !o.undoOnFailure ||
    !before.replicaSet ||
    waited.outcome === 'deleted' ||
    findNewReplicaSet(latest, await ownedReplicaSets(o.api, latest))?.metadata.name === before.replicaSet
  ) {
    return {
      ...base,
      ...snapshot(latest, container),
      result: 'failed',
      changed,
      failure,
      diagnosis,
      history: await historyOf(o, latest),
    };
  }
  const rollback = await timings.time('rollback', () => rollBack(o, latest, before.replicaSet!));
  const final = rollback.deployment ?? latest;
  const result = rollback.outcome === 'complete' ? 'rolled-back' : 'failed';
  const suffix =
    result === 'rolled-back'
      ? `rolled back to revision ${deploymentRevision(final)} (${before.image ?? 'previous template'})`
      : `rollback did not complete: ${rollback.message}`;
  return {
    ...base,
    ...snapshot(final, container),
    result,
    changed,
    failure: `${failure}; ${suffix}`,
    diagnosis,
    rollback: { toReplicaSet: before.replicaSet, outcome: rollback.outcome, message: rollback.message },
    history: await historyOf(o, final),
  };
}

async function readBefore(o: RollingDeployOptions): Promise<Before> {
  const deployment = await readDeployment(o.api, o.namespace, o.deployment);
  if (!deployment) {
    if (!o.manifests?.length) {
      throw new ConfigurationError(
        `deployment "${o.deployment}" not found in namespace "${o.namespace}" (create it first, or pass manifests that define it)`,
      );
    }
    return {};
  }
  // Fail on a wrong container name before anything is written.
  const container = o.manifests?.length ? undefined : pickContainer(deployment, o.container);
  const replicaSets = await ownedReplicaSets(o.api, deployment);
  return {
    deployment,
    revision: deploymentRevision(deployment),
    image: container ? containerImage(deployment, container) : tryImage(deployment, o.container),
    replicaSet: findNewReplicaSet(deployment, replicaSets)?.metadata.name,
  };
}

function tryImage(deployment: Deployment, container: string | undefined): string | undefined {
  try {
    return containerImage(deployment, pickContainer(deployment, container));
  } catch {
    return undefined;
  }
}

function waitOptions(o: RollingDeployOptions) {
  return {
    timeoutMs: o.timeoutMs,
    clock: o.clock,
    log: o.log,
    signal: o.signal,
    pollIntervalMs: o.pollIntervalMs,
  };
}

async function rollBack(
  o: RollingDeployOptions,
  latest: Deployment,
  toReplicaSet: string,
): Promise<WaitResult> {
  o.log.info(`rolling deployment "${o.deployment}" back to replica set ${toReplicaSet}`);
  const plan = await undoRollout(o.api, latest, { replicaSet: toReplicaSet });
  o.log.info(
    plan.action === 'skip'
      ? `already on revision ${plan.revision}`
      : `rolled back to the template of revision ${plan.revision}; waiting for it`,
  );
  return waitForRollout(o.api, o.namespace, o.deployment, waitOptions(o));
}

function snapshot(deployment: Deployment, container: string) {
  return {
    revision: deploymentRevision(deployment),
    image: containerImage(deployment, container),
    readyReplicas: deployment.status?.readyReplicas ?? 0,
    desiredReplicas: deployment.spec?.replicas ?? 0,
  };
}

/** Without waiting for the rollout, still wait (briefly) until the controller saw the change, for its revision number. */
async function awaitObserved(o: RollingDeployOptions, deployment: Deployment): Promise<Deployment> {
  let current = deployment;
  for (let i = 0; i < 50; i++) {
    if ((current.status?.observedGeneration ?? 0) >= (current.metadata.generation ?? 0)) return current;
    await o.clock.sleep(200, o.signal);
    current = await requireDeployment(o.api, o.namespace, o.deployment);
  }
  return current;
}

async function historyOf(o: RollingDeployOptions, deployment: Deployment): Promise<RevisionInfo[]> {
  try {
    return await rolloutHistory(o.api, deployment);
  } catch (err) {
    o.log.debug(`could not read the revision history: ${String(err)}`);
    return [];
  }
}
