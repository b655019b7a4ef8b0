// The rolling-deploy engine against the simulator's failing images: an image that cannot be pulled
// and one that is OOM-killed each fail within the progress deadline, the explanation names the
// cause (ErrImagePull/ImagePullBackOff, OOMKilled), and undo-on-failure rolls the Deployment back.
import { realClock, silentLogger } from '@deploy-actions/action-kit';
import type { ClusterSim } from '@deploy-actions/cluster-sim';
import { requireDeployment, rollingDeploy, type KubeConnection } from '@deploy-actions/kube';
import { connectTo, createDeployment, deploymentManifest, startFastSim } from './sim-fixture.js';

const NAMESPACE = 'explain';
const TIMEOUT_MS = 20_000;

let sim: ClusterSim;
let conn: KubeConnection;

beforeAll(async () => {
  sim = await startFastSim();
  conn = await connectTo(sim);
}, 30_000);

afterAll(async () => {
  await conn?.close();
  await sim?.stop();
});

/** Deploys `image` over a healthy `app:1` Deployment with undo-on-failure, timing the whole call. */
async function deployFailing(name: string, image: string) {
  await createDeployment(
    conn,
    deploymentManifest(name, 'app:1', { namespace: NAMESPACE, replicas: 2, progressDeadlineSeconds: 3 }),
  );
  const started = Date.now();
  const result = await rollingDeploy({
    api: conn.api,
    namespace: NAMESPACE,
    deployment: name,
    image,
    timeoutMs: TIMEOUT_MS,
    wait: true,
    undoOnFailure: true,
    clock: realClock,
    log: silentLogger,
    pollIntervalMs: 200,
  });
  return { result, elapsedMs: Date.now() - started };
}

async function expectRolledBack(name: string) {
  const d = await requireDeployment(conn.api, NAMESPACE, name);
  expect(d.spec?.template?.spec?.containers?.[0]?.image).toBe('app:1');
  expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
  expect(d.status?.readyReplicas).toBe(2);
}

test('an image that cannot be pulled: fails naming ErrImagePull/ImagePullBackOff, rolled back', async () => {
  const { result, elapsedMs } = await deployFailing('pull', 'app:2-pull-error');
  expect(elapsedMs).toBeLessThan(TIMEOUT_MS);
  expect(result.result).toBe('rolled-back');
  expect(result.failure).toMatch(
    /^deployment "pull" exceeded its progress deadline; 1 of 1 new pods not ready: pull-[a-z0-9]+-[a-z0-9]+ \(app: (ErrImagePull|ImagePullBackOff)\); last events: .*Failed pod\/pull-\S+: (Failed to pull image "app:2-pull-error": .*not found|Error: (ErrImagePull|ImagePullBackOff)).*; rolled back to revision 3 \(app:1\)$/,
  );
  const container = result.diagnosis?.notReady[0]?.containers[0];
  expect(container?.state).toMatch(/^(ErrImagePull|ImagePullBackOff)$/);
  expect(container?.detail).toMatch(
    /^(Back-off pulling image "app:2-pull-error"|rpc error: .*"app:2-pull-error".*not found)$/,
  );
  expect(container?.restarts).toBe(0);
  const warnings = result.diagnosis?.events.filter((e) => e.type === 'Warning').map((e) => e.message);
  expect(warnings).toContain('Error: ErrImagePull');
  expect(warnings).toContain('Error: ImagePullBackOff');
  expect(result.rollback?.outcome).toBe('complete');
  expect(result.image).toBe('app:1');
  await expectRolledBack('pull');
}, 40_000);

test('an OOM-killed image: fails naming OOMKilled (exit 137) and the restarts, rolled back', async () => {
  const { result, elapsedMs } = await deployFailing('oom', 'app:2-oom');
  expect(elapsedMs).toBeLessThan(TIMEOUT_MS);
  expect(result.result).toBe('rolled-back');
  expect(result.failure).toMatch(
    /^deployment "oom" exceeded its progress deadline; 1 of 1 new pods not ready: oom-[a-z0-9]+-[a-z0-9]+ \(app: CrashLoopBackOff, \d+ restarts?, last terminated OOMKilled \(exit 137\)\); last events: .*BackOff pod\/oom-\S+: Back-off restarting failed container app in pod oom-\S+; rolled back to revision 3 \(app:1\)$/,
  );
  const container = result.diagnosis?.notReady[0]?.containers[0];
  expect(container?.lastTermination).toBe('OOMKilled (exit 137)');
  expect(container?.restarts).toBeGreaterThan(0);
  expect(result.rollback?.outcome).toBe('complete');
  await expectRolledBack('oom');
}, 40_000);

test('the controllers raised no errors along the way', () => {
  expect(sim.control.controllerErrors()).toEqual([]);
});
