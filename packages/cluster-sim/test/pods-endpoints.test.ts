// Pod behaviours by image tag (crashloop, never-ready, slow), Endpoints from readiness, and
// garbage collection by ownerReferences — in simulated time.
import { afterEach, describe, expect, test } from '@jest/globals';
import { podLogLines } from '../src/api/pod-log.js';
import type { KubeObject } from '../src/types.js';
import { deploymentManifest, isReady, simulatedCluster, START_DELAY, status, TICK } from './helpers.js';

// Endpoints subsets are read as untyped JSON in assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

let cluster: ReturnType<typeof simulatedCluster>;
afterEach(async () => {
  await cluster?.controllers.stop();
});

const firstContainer = (p: KubeObject) => status(p).containerStatuses[0];

type SimEvent = KubeObject & {
  type: string;
  reason: string;
  message: string;
  involvedObject: { name: string };
};

/** The events about a pod, oldest first. */
function podEvents(pod: KubeObject): SimEvent[] {
  const items = cluster.registry.list(cluster.registry.type('events'), { namespace: 'default' })
    .items as SimEvent[];
  return items.filter((e) => e.involvedObject.name === pod.metadata.name);
}

function service(name: string, selector: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: { selector, ports: [{ port: 80, targetPort: 8080 }] },
  };
}

describe('pods', () => {
  test('-crashloop pods crash-loop: restartCount grows, CrashLoopBackOff, never ready', async () => {
    cluster = simulatedCluster();
    cluster.createDeployment(deploymentManifest('web', 'web:v1-crashloop', 1));
    await cluster.clock.advance(START_DELAY * 3);
    const first = firstContainer(cluster.pods()[0]!).restartCount as number;
    await cluster.clock.advance(START_DELAY * 20);
    const pod = cluster.pods()[0]!;
    expect(firstContainer(pod).restartCount).toBeGreaterThan(first);
    expect(firstContainer(pod).state.waiting.reason).toBe('CrashLoopBackOff');
    expect(isReady(pod)).toBe(false);
    expect(status(pod).phase).toBe('Running');
    const events = cluster.registry.list(cluster.registry.type('events'), { namespace: 'default' })
      .items as Array<KubeObject & { reason: string; type: string; involvedObject: { name: string } }>;
    const backOffs = events.filter(
      (e) => e.reason === 'BackOff' && e.involvedObject.name === pod.metadata.name,
    );
    expect(backOffs.length).toBe(firstContainer(pod).restartCount);
    expect(backOffs[0]!.type).toBe('Warning');
  });

  test('-pull-error pods never start: ErrImagePull, then ImagePullBackOff, with the kubelet events', async () => {
    cluster = simulatedCluster();
    cluster.createDeployment(deploymentManifest('web', 'web:v1-pull-error', 1));
    await cluster.clock.advance(START_DELAY + TICK);
    let pod = cluster.pods()[0]!;
    expect(firstContainer(pod).state.waiting).toEqual({
      reason: 'ErrImagePull',
      message: expect.stringContaining('failed to pull and unpack image "web:v1-pull-error"'),
    });
    await cluster.clock.advance(START_DELAY);
    pod = cluster.pods()[0]!;
    expect(firstContainer(pod).state.waiting).toEqual({
      reason: 'ImagePullBackOff',
      message: 'Back-off pulling image "web:v1-pull-error"',
    });
    expect(() => podLogLines(pod, 'app', false)).toThrow(
      `container "app" in pod "${pod.metadata.name}" is waiting to start: trying and failing to pull image`,
    );
    await cluster.clock.advance(START_DELAY * 20);
    pod = cluster.pods()[0]!;
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(firstContainer(pod).state.waiting.reason);
    expect(firstContainer(pod)).toMatchObject({
      ready: false,
      started: false,
      restartCount: 0,
      lastState: {},
    });
    expect(firstContainer(pod).containerID).toBeUndefined();
    expect(isReady(pod)).toBe(false);
    expect(status(pod).phase).toBe('Pending');
    const events = podEvents(pod);
    expect(events.slice(0, 5).map((e) => `${e.type} ${e.reason}: ${e.message}`)).toEqual([
      'Normal Pulling: Pulling image "web:v1-pull-error"',
      expect.stringMatching(
        /^Warning Failed: Failed to pull image "web:v1-pull-error": rpc error: .*not found$/,
      ),
      'Warning Failed: Error: ErrImagePull',
      'Normal BackOff: Back-off pulling image "web:v1-pull-error"',
      'Warning Failed: Error: ImagePullBackOff',
    ]);
    // Attempts at 1, 3, 7, 15 start delays after the start: four pulls within 22 start delays.
    expect(events.filter((e) => e.reason === 'Pulling').length).toBe(4);
    expect(events.some((e) => e.reason === 'Started')).toBe(false);
  });

  test('-oom pods start, are OOMKilled (exit 137) and crash-loop with BackOff events', async () => {
    cluster = simulatedCluster();
    cluster.createDeployment(deploymentManifest('web', 'web:v1-oom', 1));
    await cluster.clock.advance(START_DELAY * 3);
    const first = firstContainer(cluster.pods()[0]!).restartCount as number;
    expect(first).toBeGreaterThan(0);
    await cluster.clock.advance(START_DELAY * 20);
    const pod = cluster.pods()[0]!;
    const container = firstContainer(pod);
    expect(container.restartCount).toBeGreaterThan(first);
    expect(container.state.waiting.reason).toBe('CrashLoopBackOff');
    expect(container.lastState.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(isReady(pod)).toBe(false);
    expect(status(pod).phase).toBe('Running');
    const backOffs = podEvents(pod).filter((e) => e.reason === 'BackOff');
    expect(backOffs.length).toBe(container.restartCount);
    expect(backOffs.every((e) => e.type === 'Warning')).toBe(true);
    expect(backOffs[0]!.message).toBe(`Back-off restarting failed container app in pod ${pod.metadata.name}`);
    expect(podLogLines(pod, 'app', true)[1]).toMatch(
      /allocating cache \(simulated leak: image tag ends with -oom\)$/,
    );
  });

  test('-never-ready runs but is never ready; -slow takes 10x the start delay', async () => {
    cluster = simulatedCluster();
    cluster.createDeployment(deploymentManifest('never', 'web:v1-never-ready', 1));
    cluster.createDeployment(deploymentManifest('slow', 'web:v1-slow', 1));
    await cluster.clock.advance(START_DELAY * 5);
    const byApp = (app: string) => cluster.pods().find((p) => p.metadata.labels?.app === app)!;
    expect(status(byApp('never')).phase).toBe('Running');
    expect(isReady(byApp('never'))).toBe(false);
    expect(isReady(byApp('slow'))).toBe(false);
    await cluster.clock.advance(START_DELAY * 6);
    expect(isReady(byApp('slow'))).toBe(true);
    expect(isReady(byApp('never'))).toBe(false);
    const reasons = (
      cluster.registry.list(cluster.registry.type('events'), { namespace: 'default' }).items as Array<
        KubeObject & { reason: string; involvedObject: { name: string } }
      >
    )
      .filter((e) => e.involvedObject.name === byApp('never').metadata.name)
      .map((e) => e.reason);
    expect(reasons).toEqual(['Started', 'Unhealthy']);
  });

  test('the control API can change an image behaviour at run time', async () => {
    cluster = simulatedCluster();
    cluster.behaviours.set('web:v9', { ready: false });
    cluster.createDeployment(deploymentManifest('web', 'web:v9', 1));
    await cluster.clock.advance(START_DELAY * 2);
    expect(isReady(cluster.pods()[0]!)).toBe(false);
    cluster.behaviours.set('v9', { ready: true });
    cluster.behaviours.reset('web:v9');
    await cluster.clock.advance(TICK * 2);
    expect(isReady(cluster.pods()[0]!)).toBe(true);
  });
});

describe('endpoints and garbage collection', () => {
  test('a Service lists ready pods as addresses and the others as notReadyAddresses', async () => {
    cluster = simulatedCluster();
    cluster.registry.create(cluster.registry.type('services'), service('web', { tier: 'web' }));
    const good = deploymentManifest('good', 'web:v1', 2);
    const bad = deploymentManifest('bad', 'web:v1-never-ready', 1);
    for (const d of [good, bad])
      (
        d.spec as { template: { metadata: { labels: Record<string, string> } } }
      ).template.metadata.labels.tier = 'web';
    cluster.createDeployment(good);
    cluster.createDeployment(bad);
    await cluster.clock.advance(START_DELAY * 2);
    const ep = cluster.registry.get(cluster.registry.type('endpoints'), 'default', 'web') as KubeObject & {
      subsets: Array<Record<string, Loose>>;
    };
    expect(ep.subsets[0]!.addresses).toHaveLength(2);
    expect(ep.subsets[0]!.notReadyAddresses).toHaveLength(1);
    expect(
      ep.subsets[0]!.addresses.every((a: { targetRef: { name: string } }) =>
        a.targetRef.name.startsWith('good-'),
      ),
    ).toBe(true);
    expect(ep.subsets[0]!.ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  });

  test('deleting a Deployment deletes its ReplicaSets and Pods; Orphan keeps them without owner', async () => {
    cluster = simulatedCluster();
    const deployments = cluster.registry.type('deployments', 'apps');
    cluster.createDeployment(deploymentManifest('a', 'web:v1', 2));
    cluster.createDeployment(deploymentManifest('b', 'web:v1', 1));
    await cluster.clock.advance(START_DELAY);
    cluster.registry.delete(deployments, 'default', 'a');
    expect(cluster.pods().filter((p) => p.metadata.labels?.app === 'a')).toHaveLength(0);
    expect(cluster.replicaSets().filter((r) => r.metadata.labels?.app === 'a')).toHaveLength(0);
    cluster.registry.delete(deployments, 'default', 'b', { propagationPolicy: 'Orphan' });
    const orphan = cluster.replicaSets().find((r) => r.metadata.labels?.app === 'b')!;
    expect(orphan.metadata.ownerReferences).toBeUndefined();
    expect(cluster.pods().filter((p) => p.metadata.labels?.app === 'b')).toHaveLength(1);
  });
});

describe('adoption', () => {
  test('a Deployment recreated after an orphaning delete adopts its old ReplicaSet and pods', async () => {
    cluster = simulatedCluster();
    cluster.createDeployment(deploymentManifest('web', 'web:v1', 2));
    await cluster.clock.advance(START_DELAY * 2);
    const [rsBefore] = cluster.replicaSets();
    const podsBefore = cluster
      .pods()
      .map((p) => p.metadata.name)
      .sort();
    cluster.registry.delete(cluster.registry.type('deployments', 'apps'), 'default', 'web', {
      propagationPolicy: 'Orphan',
    });
    await cluster.clock.advance(TICK * 3);
    const again = cluster.createDeployment(deploymentManifest('web', 'web:v1', 2));
    await cluster.clock.advance(TICK * 3);
    const rs = cluster.replicaSets();
    expect(rs.map((r) => r.metadata.name)).toEqual([rsBefore!.metadata.name]);
    expect(rs[0]!.metadata.ownerReferences?.[0]).toMatchObject({ uid: again.metadata.uid, controller: true });
    expect(
      cluster
        .pods()
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(podsBefore);
    expect(status(cluster.getDeployment('web'))).toMatchObject({ readyReplicas: 2, updatedReplicas: 2 });
  });
});

describe('steady state', () => {
  test('a finished rollout writes nothing more: the resourceVersion stays put', async () => {
    cluster = simulatedCluster();
    cluster.createDeployment(deploymentManifest('web', 'web:v1', 2));
    cluster.registry.create(cluster.registry.type('services'), service('web', { app: 'web' }));
    await cluster.clock.advance(START_DELAY * 3);
    const rv = cluster.registry.store.resourceVersion;
    await cluster.clock.advance(START_DELAY * 5);
    expect(cluster.registry.store.resourceVersion).toBe(rv);
  });
});

describe('graceful termination (podTerminationMs)', () => {
  test('deleted pods are Terminating, unready and out of the endpoints, replaced at once, and gone later', async () => {
    cluster = simulatedCluster({ podTerminationMs: 2000 });
    cluster.registry.create(cluster.registry.type('services'), service('web', { app: 'web' }));
    cluster.createDeployment(deploymentManifest('web', 'web:v1', 3));
    await cluster.clock.advance(START_DELAY * 2);
    const victim = cluster.pods()[0]!;
    const marked = cluster.registry.delete(cluster.registry.type('pods'), 'default', victim.metadata.name!);
    expect(marked.metadata.deletionTimestamp).toBeTruthy();
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(30);
    await cluster.clock.advance(TICK * 2);
    const terminating = cluster.pods().find((p) => p.metadata.name === victim.metadata.name)!;
    expect(isReady(terminating)).toBe(false);
    expect(cluster.pods()).toHaveLength(4);
    const rs = cluster.replicaSets()[0]!;
    expect(status(rs).replicas).toBe(3);
    const ep = cluster.registry.get(cluster.registry.type('endpoints'), 'default', 'web') as KubeObject & {
      subsets: Array<{ addresses?: Array<{ targetRef: { name: string } }> }>;
    };
    expect(ep.subsets[0]!.addresses!.map((a) => a.targetRef.name)).not.toContain(victim.metadata.name);
    await cluster.clock.advance(2000);
    expect(cluster.pods().map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
    expect(cluster.pods()).toHaveLength(3);
    cluster.registry.delete(cluster.registry.type('pods'), 'default', cluster.pods()[0]!.metadata.name!, {
      gracePeriodSeconds: 0,
    });
    expect(cluster.pods()).toHaveLength(2);
  });
});
