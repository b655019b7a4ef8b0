// packages/kube against the cluster simulator: connect, undo (compared with the real kubectl), the
// rollout wait through dropped watches, faults on every verb, and the Lease lock between two deploys.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MemoryLogger, realClock, silentLogger } from '@deploy-actions/action-kit';
import type { ClusterSim } from '@deploy-actions/cluster-sim';
import {
  connect,
  deploymentPath,
  leasePath,
  microTime,
  requireDeployment,
  rollingDeploy,
  rolloutHistory,
  scaleDeployment,
  setImage,
  undoRollout,
  waitForRollout,
  type Deployment,
  type KubeConnection,
  type Lease,
  type RollingDeployOptions,
} from '@deploy-actions/kube';
import {
  connectTo,
  createDeployment,
  deploymentManifest,
  kubectl,
  kubectlRevisions,
  startFastSim,
} from './sim-fixture.js';

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

afterEach(() => sim.control.clearFaults());

function deployOptions(
  namespace: string,
  deployment: string,
  image: string,
  extra: Partial<RollingDeployOptions> = {},
): RollingDeployOptions {
  return {
    api: conn.api,
    namespace,
    deployment,
    image,
    timeoutMs: 20_000,
    wait: true,
    undoOnFailure: true,
    clock: realClock,
    log: silentLogger,
    pollIntervalMs: 200,
    ...extra,
  };
}

describe('connect', () => {
  test('writes the kubeconfig input to a 0600 file in RUNNER_TEMP, reports its token as a secret, removes it on close', async () => {
    const temp = await mkdtemp(path.join(os.tmpdir(), 'runner-temp-'));
    const base64 = Buffer.from(sim.kubeconfig).toString('base64');
    const c = await connect({ kubeconfig: base64, env: { RUNNER_TEMP: temp }, log: silentLogger });
    const files = await readdir(temp);
    expect(files).toHaveLength(1);
    const { statSync } = await import('node:fs');
    expect(statSync(path.join(temp, files[0]!)).mode & 0o777).toBe(0o600);
    expect(c.secrets).toContain(sim.token);
    expect(c.namespace).toBe('default');
    expect(c.serverVersion).toMatch(/^v1\.\d+/);
    await c.close();
    expect(await readdir(temp)).toEqual([]);
    await rm(temp, { recursive: true, force: true });
  });

  test('reads KUBECONFIG when no input is given, and honours context and namespace', async () => {
    const c = await connect({
      env: { KUBECONFIG: sim.kubeconfigPath },
      context: 'cluster-sim',
      namespace: 'team-a',
      log: silentLogger,
    });
    expect(c.source).toBe('KUBECONFIG');
    expect(c.namespace).toBe('team-a');
    expect(c.secrets).toContain(sim.token);
    await c.close();
    await expect(connect({ env: { KUBECONFIG: sim.kubeconfigPath }, context: 'prod' })).rejects.toThrow(
      'context "prod" is not in the kubeconfig; it has: cluster-sim',
    );
  });

  test('refuses insecure-skip-tls-verify unless allowed', async () => {
    const insecure = sim.kubeconfig.replace(
      /certificate-authority-data: .*/,
      'insecure-skip-tls-verify: true',
    );
    await expect(connect({ kubeconfig: insecure, env: {} })).rejects.toThrow(
      'the kubeconfig\'s cluster "cluster-sim" sets insecure-skip-tls-verify; TLS verification stays on unless you set allow-insecure-tls: true',
    );
    const c = await connect({ kubeconfig: insecure, env: {}, allowInsecureTls: true });
    expect(c.serverVersion).toMatch(/^v1\./);
    await c.close();
  });

  test('TLS is verified: a kubeconfig without the CA fails the handshake', async () => {
    const noCa = sim.kubeconfig.replace(/\s*certificate-authority-data: .*/, '');
    await expect(connect({ kubeconfig: noCa, env: {} })).rejects.toThrow(
      /^GET \/version: cannot reach the Kubernetes API at https:\/\/127\.0\.0\.1:\d+: unable to verify the first certificate \(TLS verification failed: the kubeconfig's certificate-authority does not match the server certificate\)$/,
    );
  });

  test('a wrong token is a 401 with a hint', async () => {
    const bad = sim.kubeconfig.replace(sim.token, 'not-the-token');
    await expect(connect({ kubeconfig: bad, env: {} })).rejects.toThrow('GET /version: 401 Unauthorized');
  });
});

describe('undo matches kubectl rollout undo', () => {
  // The two Deployments differ only in their name (used as the app label).
  const renamed = <T>(value: T): T =>
    JSON.parse(JSON.stringify(value).replaceAll('by-kubectl', 'by-engine')) as T;

  async function historyOf(name: string) {
    const d = await requireDeployment(conn.api, 'undo', name);
    return { d, revisions: (await rolloutHistory(conn.api, d)).map((r) => [r.revision, r.images.join(',')]) };
  }

  test('to the previous revision and to a given one, the Deployments end identical', async () => {
    for (const name of ['by-kubectl', 'by-engine']) {
      await createDeployment(conn, deploymentManifest(name, 'app:1', { namespace: 'undo', replicas: 2 }));
      await setImage(conn.api, 'undo', name, 'app', 'app:2');
      await waitForRollout(conn.api, 'undo', name, {
        timeoutMs: 20_000,
        clock: realClock,
        log: silentLogger,
      });
      await setImage(conn.api, 'undo', name, 'app', 'app:3');
      await waitForRollout(conn.api, 'undo', name, {
        timeoutMs: 20_000,
        clock: realClock,
        log: silentLogger,
      });
    }
    await kubectl(sim, ['rollout', 'undo', 'deployment/by-kubectl', '-n', 'undo']);
    const byEngine = await requireDeployment(conn.api, 'undo', 'by-engine');
    expect(await undoRollout(conn.api, byEngine)).toMatchObject({ action: 'rollback', revision: 2 });
    for (const name of ['by-kubectl', 'by-engine'])
      await waitForRollout(conn.api, 'undo', name, {
        timeoutMs: 20_000,
        clock: realClock,
        log: silentLogger,
      });

    const a = await historyOf('by-kubectl');
    const b = await historyOf('by-engine');
    expect(b.d.spec?.template).toEqual(renamed(a.d.spec?.template));
    expect(b.d.metadata.annotations).toEqual(a.d.metadata.annotations);
    expect(b.revisions).toEqual(a.revisions);
    expect(b.revisions).toEqual([
      [1, 'app:1'],
      [3, 'app:3'],
      [4, 'app:2'],
    ]);

    await kubectl(sim, ['rollout', 'undo', 'deployment/by-kubectl', '-n', 'undo', '--to-revision=1']);
    await undoRollout(conn.api, b.d, { toRevision: 1 });
    for (const name of ['by-kubectl', 'by-engine'])
      await waitForRollout(conn.api, 'undo', name, {
        timeoutMs: 20_000,
        clock: realClock,
        log: silentLogger,
      });
    const a2 = await historyOf('by-kubectl');
    const b2 = await historyOf('by-engine');
    expect(b2.d.spec?.template).toEqual(renamed(a2.d.spec?.template));
    expect(b2.revisions).toEqual(a2.revisions);
    expect(await kubectlRevisions(sim, 'undo', 'by-engine')).toEqual(b2.revisions.map(([r]) => r));
    // Already on that template: kubectl says "skipped rollback", the engine plans a skip.
    expect(await undoRollout(conn.api, b2.d, { toRevision: 5 })).toEqual({
      action: 'skip',
      revision: 5,
      replicaSet: expect.any(String),
    });
  }, 60_000);
});

describe('rollout wait', () => {
  test('watches that drop every 200 ms fall back to reads and still see the rollout complete', async () => {
    await createDeployment(conn, deploymentManifest('flappy', 'app:1', { namespace: 'wait' }));
    sim.control.addFault({
      verbs: ['watch'],
      resources: ['deployments'],
      namespace: 'wait',
      dropWatchAfterMs: 200,
    });
    await setImage(conn.api, 'wait', 'flappy', 'app', 'app:2-slow');
    const log = new MemoryLogger();
    const result = await waitForRollout(conn.api, 'wait', 'flappy', {
      timeoutMs: 30_000,
      clock: realClock,
      log,
      pollIntervalMs: 100,
    });
    expect(result.outcome).toBe('complete');
    expect(result.watchDrops).toBeGreaterThan(2);
    expect(result.deployment?.status?.updatedReplicas).toBe(3);
    expect(log.text()).toContain('deployment "flappy" successfully rolled out');
  }, 40_000);

  test('scale changes replicas idempotently and the wait sees them ready', async () => {
    await createDeployment(conn, deploymentManifest('wide', 'app:1', { namespace: 'wait', replicas: 1 }));
    await scaleDeployment(conn.api, 'wait', 'wide', 4);
    const again = await scaleDeployment(conn.api, 'wait', 'wide', 4);
    expect(again.spec?.replicas).toBe(4);
    const result = await waitForRollout(conn.api, 'wait', 'wide', {
      timeoutMs: 20_000,
      clock: realClock,
      log: silentLogger,
    });
    expect(result.outcome).toBe('complete');
    expect(result.deployment?.status?.readyReplicas).toBe(4);
    // Scaling makes no new revision.
    expect(result.deployment?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
  }, 30_000);

  test('our timeout ends the wait with the last status when the progress deadline is longer', async () => {
    await createDeployment(
      conn,
      deploymentManifest('patient', 'app:1', { namespace: 'wait', progressDeadlineSeconds: 600 }),
    );
    await setImage(conn.api, 'wait', 'patient', 'app', 'app:2-never-ready');
    const result = await waitForRollout(conn.api, 'wait', 'patient', {
      timeoutMs: 1500,
      clock: realClock,
      log: silentLogger,
    });
    expect(result.outcome).toBe('timeout');
    expect(result.message).toMatch(
      /^timed out after 2s waiting for deployment "patient": Waiting for deployment "patient" rollout to finish: /,
    );
    expect(result.elapsedMs).toBeGreaterThanOrEqual(1500);
    expect(result.elapsedMs).toBeLessThan(5000);
  }, 30_000);
});

/** The parts of the end state that must not depend on faults along the way. */
async function endState(namespace: string, name: string) {
  const d = await requireDeployment(conn.api, namespace, name);
  const history = await rolloutHistory(conn.api, d);
  return {
    revision: d.metadata.annotations?.['deployment.kubernetes.io/revision'],
    template: d.spec?.template,
    replicas: [
      d.status?.replicas,
      d.status?.updatedReplicas,
      d.status?.readyReplicas,
      d.status?.availableReplicas,
    ],
    history: history.map((h) => ({ revision: h.revision, images: h.images, replicas: h.replicas })),
  };
}

async function runSequence(namespace: string, log = silentLogger) {
  await createDeployment(
    conn,
    deploymentManifest('shop', 'app:1', { namespace, progressDeadlineSeconds: 3 }),
  );
  const results = [];
  for (const image of ['app:2', 'app:3-never-ready', 'app:4']) {
    const r = await rollingDeploy(
      deployOptions(namespace, 'shop', image, {
        lock: { holder: `ci/${namespace}/1`, timeoutMs: 30_000 },
        log,
      }),
    );
    results.push([r.result, r.previousRevision, r.revision, r.image, r.readyReplicas]);
  }
  return results;
}

describe('faults at 20 % on every verb', () => {
  test('the rollouts still complete and the final state equals the fault-free run', async () => {
    await createDeployment(
      conn,
      deploymentManifest('shop', 'app:1', { namespace: 'faulty', progressDeadlineSeconds: 3 }),
    );
    sim.control.addFault({ namespace: 'faulty', errorRate: 0.1, errorCode: 500, conflictRate: 0.2 });
    sim.control.addFault({ namespace: 'faulty', errorRate: 0.1, errorCode: 503 });
    sim.control.addFault({ namespace: 'faulty', verbs: ['watch'], dropWatchAfterMs: 300 });
    const log = new MemoryLogger();
    // Side by side: the fault rules only match the 'faulty' namespace.
    const [clean, faulty] = await Promise.all([runSequence('clean'), runSequence('faulty', log)]);
    const injected = sim.control.faultList().reduce((n, f) => n + f.injected, 0);
    sim.control.clearFaults();
    expect(clean).toEqual([
      ['deployed', 1, 2, 'app:2', 3],
      ['rolled-back', 2, 4, 'app:2', 3],
      ['deployed', 4, 5, 'app:4', 3],
    ]);
    expect(faulty).toEqual(clean);
    expect(injected).toBeGreaterThan(10);
    expect(log.text()).toMatch(/attempt \d+ failed \(.*(500|503|409)/);
    expect(await endState('faulty', 'shop')).toEqual(await endState('clean', 'shop'));
  }, 120_000);
});

describe('deploy lock', () => {
  test('two deploys of one application at once: the second waits, then proceeds on top of the first', async () => {
    await createDeployment(conn, deploymentManifest('cart', 'app:1', { namespace: 'lock' }));
    const logs = [new MemoryLogger(), new MemoryLogger()];
    const [a, b] = await Promise.all(
      ['app:2', 'app:3'].map((image, i) =>
        rollingDeploy(
          deployOptions('lock', 'cart', image, {
            lock: { holder: `org/app/${100 + i}/1`, timeoutMs: 30_000, pollIntervalMs: 200 },
            log: logs[i]!,
          }),
        ),
      ),
    );
    const [first, second] = a!.lock!.waitedMs <= b!.lock!.waitedMs ? [a!, b!] : [b!, a!];
    expect(first.result).toBe('deployed');
    expect(second.result).toBe('deployed');
    expect(second.previousImage).toBe(first.image);
    expect(second.previousRevision).toBe(first.revision);
    expect(second.lock!.waitedMs).toBeGreaterThan(300);
    expect(logs.map((l) => l.text()).join('\n')).toMatch(
      /waiting for the deploy lock deploy-actions-cart, held by org\/app\/10[01]\/1/,
    );
    const lease = await conn.api.read<Lease>(leasePath('lock', 'deploy-actions-cart'));
    expect(lease.spec?.holderIdentity).toBeUndefined();
  }, 60_000);

  test('a holder that died is taken over once its lease expires', async () => {
    await createDeployment(conn, deploymentManifest('basket', 'app:1', { namespace: 'lock' }));
    const diedAt = Date.now();
    await conn.api.request('POST', leasePath('lock'), {
      body: {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: 'deploy-actions-basket' },
        spec: {
          holderIdentity: 'org/app/1/1',
          leaseDurationSeconds: 2,
          acquireTime: microTime(diedAt),
          renewTime: microTime(diedAt),
          leaseTransitions: 0,
        },
      },
    });
    const r = await rollingDeploy(
      deployOptions('lock', 'basket', 'app:2', {
        lock: { holder: 'org/app/2/1', timeoutMs: 20_000, pollIntervalMs: 200 },
      }),
    );
    expect(r.result).toBe('deployed');
    expect(r.lock?.tookOverFrom).toBe('org/app/1/1');
    expect(r.lock!.waitedMs).toBeLessThan(6000);
    const lease = await conn.api.read<Lease>(leasePath('lock', 'deploy-actions-basket'));
    expect(lease.spec?.leaseTransitions).toBe(1);
    expect(Date.parse(lease.spec!.acquireTime!)).toBeGreaterThanOrEqual(diedAt + 2000);
  }, 30_000);

  test('a cancelled deploy stops waiting and releases the lock at once', async () => {
    await createDeployment(
      conn,
      deploymentManifest('halt', 'app:1', { namespace: 'lock', replicas: 1, progressDeadlineSeconds: 600 }),
    );
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(new Error('cancelled by the test')), 800);
    const started = Date.now();
    await expect(
      rollingDeploy(
        deployOptions('lock', 'halt', 'app:2-never-ready', {
          signal: cancel.signal,
          lock: { holder: 'org/app/9/1', timeoutMs: 5000 },
        }),
      ),
    ).rejects.toThrow('cancelled by the test');
    expect(Date.now() - started).toBeLessThan(3000);
    const lease = await conn.api.read<Lease>(leasePath('lock', 'deploy-actions-halt'));
    expect(lease.spec?.holderIdentity).toBeUndefined();
    // A re-run converges: same image, no new revision.
    const rerun = await rollingDeploy(
      deployOptions('lock', 'halt', 'app:2-never-ready', {
        wait: false,
        lock: { holder: 'org/app/9/2', timeoutMs: 5000 },
      }),
    );
    expect(rerun.revision).toBe(2);
    expect(rerun.previousRevision).toBe(2);
  }, 30_000);

  test('a deploy that loses its lease mid-rollout stops, naming who took it', async () => {
    await createDeployment(conn, deploymentManifest('stolen', 'app:1', { namespace: 'lock' }));
    const running = rollingDeploy(
      deployOptions('lock', 'stolen', 'app:2-slow', {
        lock: { holder: 'org/app/10/1', timeoutMs: 5000, leaseDurationSeconds: 3 },
      }),
    );
    await new Promise((r) => setTimeout(r, 600));
    const lease = await conn.api.read<Lease>(leasePath('lock', 'deploy-actions-stolen'));
    await conn.api.request('PUT', leasePath('lock', 'deploy-actions-stolen'), {
      body: { ...lease, spec: { ...lease.spec, holderIdentity: 'org/other/11/1' } },
    });
    const started = Date.now();
    await expect(running).rejects.toThrow(
      'the deploy lock deploy-actions-stolen was taken over by org/other/11/1; stopped so two deploys never change the same application at once',
    );
    expect(Date.now() - started).toBeLessThan(2500);
    expect(
      (await conn.api.read<Lease>(leasePath('lock', 'deploy-actions-stolen'))).spec?.holderIdentity,
    ).toBe('org/other/11/1');
  }, 30_000);

  test('a lock held beyond lock-timeout fails naming the holder, and nothing is changed', async () => {
    await createDeployment(conn, deploymentManifest('till', 'app:1', { namespace: 'lock' }));
    await conn.api.request('POST', leasePath('lock'), {
      body: {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: 'deploy-actions-till' },
        spec: { holderIdentity: 'org/app/7/2', leaseDurationSeconds: 600, renewTime: microTime(Date.now()) },
      },
    });
    await expect(
      rollingDeploy(
        deployOptions('lock', 'till', 'app:2', {
          lock: { holder: 'org/app/8/1', timeoutMs: 1000, pollIntervalMs: 200 },
        }),
      ),
    ).rejects.toThrow(
      /^deploy lock deploy-actions-till is held by org\/app\/7\/2 \(last renewed \d+s ago, lease duration 600s\); gave up after waiting 1s \(lock-timeout\)$/,
    );
    const d = await conn.api.read<Deployment>(deploymentPath('lock', 'till'));
    expect(d.spec?.template?.spec?.containers?.[0]?.image).toBe('app:1');
  }, 30_000);
});
