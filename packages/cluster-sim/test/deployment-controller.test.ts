// Deployment, ReplicaSet and pod controllers in simulated time (ManualClock): naming, readiness
// delay, rolling update bounds, Recreate, pause, history limit, progress deadline.
import { afterEach, describe, expect, test } from '@jest/globals';
import { podTemplateHash } from '../src/controllers/pod-template-hash.js';
import type { KubeObject } from '../src/types.js';
import {
  deploymentManifest,
  isReady,
  setImage,
  simulatedCluster,
  START_DELAY,
  status,
  TICK,
} from './helpers.js';

let cluster: ReturnType<typeof simulatedCluster>;
afterEach(async () => {
  await cluster?.controllers.stop();
});

const revision = (rs: KubeObject) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'];

describe('deployment controller', () => {
  test('creates <name>-<pod-template-hash> ReplicaSet; pods are ready only after the start delay', async () => {
    cluster = simulatedCluster();
    const d = cluster.createDeployment(deploymentManifest('web', 'web:v1', 3));
    await cluster.clock.advance(TICK * 3);
    const [rs] = cluster.replicaSets();
    const hash = podTemplateHash((d.spec as { template: unknown }).template);
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(rs!.metadata.labels?.['pod-template-hash']).toBe(hash);
    expect(revision(rs!)).toBe('1');
    expect(rs!.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'Deployment',
      uid: d.metadata.uid,
      controller: true,
    });
    expect(cluster.pods()).toHaveLength(3);
    expect(cluster.pods().every((p) => p.metadata.name!.startsWith(`web-${hash}-`))).toBe(true);
    expect(cluster.pods().some(isReady)).toBe(false);
    await cluster.clock.advance(START_DELAY - TICK * 5);
    expect(cluster.pods().some(isReady)).toBe(false);
    await cluster.clock.advance(TICK * 5);
    expect(cluster.pods().every(isReady)).toBe(true);
    const ds = status(cluster.getDeployment('web'));
    expect(ds).toMatchObject({
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });
    expect(ds.conditions.find((c: { type: string }) => c.type === 'Progressing').reason).toBe(
      'NewReplicaSetAvailable',
    );
  });

  test('the same template always hashes the same, a different one differently', () => {
    const a = deploymentManifest('web', 'web:v1', 1).spec as { template: unknown };
    const b = deploymentManifest('web', 'web:v1', 5).spec as { template: unknown };
    const c = deploymentManifest('web', 'web:v2', 1).spec as { template: unknown };
    expect(podTemplateHash(a.template)).toBe(podTemplateHash(b.template));
    expect(podTemplateHash(a.template)).not.toBe(podTemplateHash(c.template));
    expect(podTemplateHash(a.template)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
  });

  test('a rolling update never exceeds maxSurge nor drops below replicas - maxUnavailable', async () => {
    cluster = simulatedCluster();
    cluster.createDeployment(
      deploymentManifest('web', 'web:v1', 4, {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      }),
    );
    await cluster.clock.advance(START_DELAY + TICK * 5);
    cluster.updateDeployment('web', (d) => setImage(d, 'web:v2'));
    let maxPods = 0;
    let minReady = Infinity;
    for (let t = 0; t < 20_000; t += TICK) {
      await cluster.clock.advance(TICK);
      const pods = cluster.pods();
      maxPods = Math.max(maxPods, pods.length);
      minReady = Math.min(minReady, pods.filter(isReady).length);
      const s = status(cluster.getDeployment('web'));
      if (s.updatedReplicas === 4 && s.replicas === 4 && s.availableReplicas === 4) break;
    }
    expect(maxPods).toBe(5);
    expect(minReady).toBeGreaterThanOrEqual(4);
    const images = cluster
      .pods()
      .map((p) => (p.spec as { containers: Array<{ image: string }> }).containers[0]!.image);
    expect(images).toEqual(['web:v2', 'web:v2', 'web:v2', 'web:v2']);
    expect(cluster.replicaSets().map(revision).sort()).toEqual(['1', '2']);
  });

  test('maxUnavailable lets the rollout take pods down, maxSurge 0 never adds any', async () => {
    cluster = simulatedCluster();
    cluster.createDeployment(
      deploymentManifest('web', 'web:v1', 4, {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 0, maxUnavailable: 2 },
      }),
    );
    await cluster.clock.advance(START_DELAY + TICK * 5);
    cluster.updateDeployment('web', (d) => setImage(d, 'web:v2'));
    let maxPods = 0;
    let minReady = Infinity;
    for (let t = 0; t < 20_000; t += TICK) {
      await cluster.clock.advance(TICK);
      maxPods = Math.max(maxPods, cluster.pods().length);
      minReady = Math.min(minReady, cluster.pods().filter(isReady).length);
      if (
        status(cluster.getDeployment('web')).updatedReplicas === 4 &&
        cluster.pods().every(isReady) &&
        cluster.pods().length === 4
      )
        break;
    }
    expect(maxPods).toBe(4);
    expect(minReady).toBe(2);
  });

  test('Recreate removes every old pod before the first new one exists', async () => {
    cluster = simulatedCluster();
    cluster.createDeployment(deploymentManifest('web', 'web:v1', 3, { type: 'Recreate' }));
    await cluster.clock.advance(START_DELAY + TICK * 5);
    cluster.updateDeployment('web', (d) => setImage(d, 'web:v2'));
    let overlap = false;
    for (let t = 0; t < 10_000; t += TICK) {
      await cluster.clock.advance(TICK);
      const images = new Set(
        cluster.pods().map((p) => (p.spec as { containers: Array<{ image: string }> }).containers[0]!.image),
      );
      if (images.size > 1) overlap = true;
      if (
        status(cluster.getDeployment('web')).availableReplicas === 3 &&
        images.has('web:v2') &&
        images.size === 1
      )
        break;
    }
    expect(overlap).toBe(false);
    expect(cluster.pods().filter(isReady)).toHaveLength(3);
  });

  test('paused deployments do not roll out until resumed', async () => {
    cluster = simulatedCluster();
    cluster.createDeployment(deploymentManifest('web', 'web:v1', 2));
    await cluster.clock.advance(START_DELAY + TICK * 5);
    cluster.updateDeployment('web', (d) => {
      d.spec.paused = true;
      setImage(d, 'web:v2');
    });
    await cluster.clock.advance(START_DELAY * 3);
    expect(cluster.replicaSets()).toHaveLength(1);
    const progressing = status(cluster.getDeployment('web')).conditions.find(
      (c: { type: string }) => c.type === 'Progressing',
    );
    expect(progressing).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused' });
    cluster.updateDeployment('web', (d) => {
      d.spec.paused = false;
    });
    await cluster.clock.advance(START_DELAY * 4);
    expect(cluster.replicaSets()).toHaveLength(2);
    expect(status(cluster.getDeployment('web')).updatedReplicas).toBe(2);
  });

  test('revisionHistoryLimit keeps only that many old ReplicaSets', async () => {
    cluster = simulatedCluster();
    cluster.createDeployment(deploymentManifest('web', 'web:v1', 1, undefined, { revisionHistoryLimit: 1 }));
    for (const v of ['v2', 'v3', 'v4']) {
      await cluster.clock.advance(START_DELAY * 2);
      cluster.updateDeployment('web', (d) => setImage(d, `web:${v}`));
    }
    await cluster.clock.advance(START_DELAY * 4);
    const revisions = cluster.replicaSets().map(revision).sort();
    expect(revisions).toEqual(['3', '4']);
  });

  test('progressDeadlineSeconds: a never-ready version times out, not before the deadline', async () => {
    cluster = simulatedCluster();
    cluster.createDeployment(
      deploymentManifest('web', 'web:v1', 2, undefined, { progressDeadlineSeconds: 30 }),
    );
    await cluster.clock.advance(START_DELAY + TICK * 5);
    cluster.updateDeployment('web', (d) => setImage(d, 'web:v2-never-ready'));
    const progressing = () =>
      status(cluster.getDeployment('web')).conditions.find((c: { type: string }) => c.type === 'Progressing');
    await cluster.clock.advance(25_000);
    expect(progressing().status).toBe('True');
    await cluster.clock.advance(10_000);
    expect(progressing()).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    // the old version keeps serving: maxUnavailable 25% of 2 rounds down to 0
    expect(status(cluster.getDeployment('web')).availableReplicas).toBe(2);
  });

  test('scaling in the middle of a stuck rollout resizes both ReplicaSets in proportion', async () => {
    cluster = simulatedCluster();
    cluster.createDeployment(
      deploymentManifest('web', 'web:v1', 10, {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 3, maxUnavailable: 2 },
      }),
    );
    await cluster.clock.advance(START_DELAY * 2);
    cluster.updateDeployment('web', (d) => setImage(d, 'web:v2-never-ready'));
    await cluster.clock.advance(START_DELAY * 3);
    const sizes = () =>
      Object.fromEntries(
        cluster.replicaSets().map((rs) => [revision(rs), (rs.spec as { replicas: number }).replicas]),
      );
    expect(sizes()).toEqual({ '1': 8, '2': 5 });
    cluster.updateDeployment('web', (d) => {
      d.spec.replicas = 20;
    });
    await cluster.clock.advance(TICK * 3);
    expect(sizes()).toEqual({ '1': 14, '2': 9 });
  });

  test('scaling a paused Deployment changes its ReplicaSet without rolling out the new template', async () => {
    cluster = simulatedCluster();
    cluster.createDeployment(deploymentManifest('web', 'web:v1', 2));
    await cluster.clock.advance(START_DELAY * 2);
    cluster.updateDeployment('web', (d) => {
      d.spec.paused = true;
      setImage(d, 'web:v2');
    });
    await cluster.clock.advance(TICK * 2);
    cluster.updateDeployment('web', (d) => {
      d.spec.replicas = 4;
    });
    await cluster.clock.advance(START_DELAY * 2);
    const rs = cluster.replicaSets();
    expect(rs).toHaveLength(1);
    expect((rs[0]!.spec as { replicas: number }).replicas).toBe(4);
    expect(cluster.pods().filter(isReady)).toHaveLength(4);
    expect(status(cluster.getDeployment('web'))).toMatchObject({ replicas: 4, availableReplicas: 4 });
  });
});
