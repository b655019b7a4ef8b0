// Shared setup of the deploy suites: a cluster simulator with fast pods, Deployments created through
// the engine itself, and the real kubectl pointed at the simulator.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { realClock, silentLogger } from '@deploy-actions/action-kit';
import { startClusterSim, type ClusterSim } from '@deploy-actions/cluster-sim';
import {
  applyManifests,
  connect,
  waitForRollout,
  type KubeConnection,
  type KubeObject,
} from '@deploy-actions/kube';

export const KUBECTL = '/usr/bin/kubectl';

export async function startFastSim(): Promise<ClusterSim> {
  return startClusterSim({ podStartDelayMs: 150, tickMs: 25, seed: 7 });
}

export function deploymentManifest(
  name: string,
  image: string,
  options: {
    namespace?: string;
    replicas?: number;
    progressDeadlineSeconds?: number;
    containers?: string[];
  } = {},
): KubeObject {
  const containers = (options.containers ?? ['app']).map((c, i) => ({
    name: c,
    image: i === 0 ? image : `sidecar:${i}`,
  }));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: options.namespace ?? 'default', labels: { app: name } },
    spec: {
      replicas: options.replicas ?? 3,
      progressDeadlineSeconds: options.progressDeadlineSeconds ?? 4,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { metadata: { labels: { app: name } }, spec: { containers } },
    },
  };
}

export function namespaceManifest(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export async function connectTo(sim: ClusterSim, namespace = 'default'): Promise<KubeConnection> {
  return connect({
    kubeconfig: sim.kubeconfig,
    namespace,
    env: { RUNNER_TEMP: os.tmpdir() },
    log: silentLogger,
  });
}

/** Creates (or updates) a Deployment and waits until it is rolled out. */
export async function createDeployment(conn: KubeConnection, manifest: KubeObject): Promise<void> {
  const namespace = manifest.metadata?.namespace ?? 'default';
  await applyManifests(conn.api, [namespaceManifest(namespace), manifest], namespace);
  const waited = await waitForRollout(conn.api, namespace, manifest.metadata!.name!, {
    timeoutMs: 20_000,
    clock: realClock,
    log: silentLogger,
  });
  if (waited.outcome !== 'complete')
    throw new Error(`setup rollout of ${manifest.metadata!.name} did not complete: ${waited.message}`);
}

const exec = promisify(execFile);

/** Runs the real kubectl against the simulator (HOME and cache in a temp dir). */
export async function kubectl(sim: ClusterSim, args: string[]): Promise<string> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'kubectl-home-'));
  try {
    const { stdout } = await exec(
      KUBECTL,
      ['--kubeconfig', sim.kubeconfigPath, '--cache-dir', path.join(home, 'cache'), ...args],
      {
        env: { PATH: process.env.PATH, HOME: home },
        timeout: 30_000,
      },
    );
    return stdout;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** Revision numbers listed by `kubectl rollout history`. */
export async function kubectlRevisions(
  sim: ClusterSim,
  namespace: string,
  deployment: string,
): Promise<number[]> {
  const out = await kubectl(sim, ['rollout', 'history', `deployment/${deployment}`, '-n', namespace]);
  return out
    .split('\n')
    .map((l) => /^(\d+)\s/.exec(l.trim())?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
}
