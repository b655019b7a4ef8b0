// The bundled deploy action run as the runner runs it (node dist/deploy/index.js, INPUT_* variables,
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) against the cluster simulator.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ClusterSim } from '@deploy-actions/cluster-sim';
import { leasePath, microTime, requireDeployment, type KubeConnection } from '@deploy-actions/kube';
import { bundle } from '../../scripts/bundler.js';
import { repoRoot, runBundledAction, type ActionRun } from '../harness/run-action.js';
import {
  connectTo,
  createDeployment,
  deploymentManifest,
  kubectlRevisions,
  startFastSim,
} from './sim-fixture.js';

let sim: ClusterSim;
let conn: KubeConnection;
let distDir: string;
const runs: ActionRun[] = [];

beforeAll(async () => {
  distDir = await mkdtemp(path.join(os.tmpdir(), 'deploy-dist-'));
  const [started] = await Promise.all([
    startFastSim(),
    bundle({ entries: { deploy: 'actions/deploy/src/index.ts' }, outdir: distDir, root: repoRoot }),
  ]);
  sim = started;
  conn = await connectTo(sim);
}, 60_000);

afterAll(async () => {
  await conn?.close();
  await sim?.stop();
  await rm(distDir, { recursive: true, force: true });
});

afterEach(() => sim.control.clearFaults());

async function deploy(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  const run = await runBundledAction(
    'deploy',
    { kubeconfig: sim.kubeconfig, timeout: '30s', ...inputs },
    { distDir, env, timeoutMs: 90_000 },
  );
  runs.push(run);
  return run;
}

function errorLines(run: ActionRun): string[] {
  return run.stdout.split('\n').filter((l) => l.startsWith('::error'));
}

async function readLease(namespace: string, name: string) {
  return conn.api.readOptional<{ spec?: { holderIdentity?: string } }>(leasePath(namespace, name));
}

/** Polls `check` every 50 ms for up to 20 s. */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met within 20 s');
}

/** Everything a person can see of a run (`::add-mask::` commands are consumed by the runner). */
function visibleText(run: ActionRun): string {
  const stdout = run.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  return [stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n');
}

/** Revision numbers in the summary's history table. */
function summaryRevisions(summary: string): number[] {
  const section = summary.slice(summary.indexOf('Revision history'));
  return [...section.matchAll(/^\| (\d+) \| /gm)].map((m) => Number(m[1]));
}

test('happy path: the new image rolls out, outputs and summary tell the change, kubectl agrees', async () => {
  await createDeployment(conn, deploymentManifest('web', 'app:1', { namespace: 'shop' }));
  const run = await deploy({ namespace: 'shop', deployment: 'web', image: 'app:2' });
  expect(errorLines(run)).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.outputs).toEqual({
    result: 'deployed',
    revision: '2',
    'previous-revision': '1',
    image: 'app:2',
    'previous-image': 'app:1',
    'ready-replicas': '3',
  });
  expect(run.summary).toContain('## Deploy shop/web: deployed');
  expect(run.summary).toContain('| revision | 1 | 2 |');
  expect(run.summary).toContain('| image (app) | app:1 | app:2 |');
  expect(run.summary).toContain('| ready replicas |  | 3/3 |');
  expect(run.summary).toMatch(/\| rollout \| \d+\.\d \|/);
  expect(run.summary).toMatch(/Deploy lock deploy-actions-web: waited \d+\.\ds\./);
  expect(summaryRevisions(run.summary)).toEqual([1, 2]);
  expect(await kubectlRevisions(sim, 'shop', 'web')).toEqual([1, 2]);
  const lease = await conn.api.read<{ spec?: { holderIdentity?: string } }>(
    leasePath('shop', 'deploy-actions-web'),
  );
  expect(lease.spec?.holderIdentity).toBeUndefined();
}, 60_000);

test('never-ready image: fails within the deadline with the reason, rolls back, result rolled-back', async () => {
  const started = Date.now();
  const run = await deploy({ namespace: 'shop', deployment: 'web', image: 'app:3-never-ready' });
  expect(run.code).toBe(1);
  const errors = errorLines(run);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(
    /^::error::deploy: deployment "web" rolled back: deployment "web" exceeded its progress deadline; 1 of 1 new pods not ready: web-[a-z0-9]+-[a-z0-9]+ \(app: Running, not ready \(readiness probe failing\)\); last events: Unhealthy pod\/web-\S+: Readiness probe failed: HTTP probe failed with statuscode: 503.*; rolled back to revision 4 \(app:2\)$/,
  );
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(run.outputs).toEqual({
    result: 'rolled-back',
    revision: '4',
    'previous-revision': '2',
    image: 'app:2',
    'previous-image': 'app:2',
    'ready-replicas': '3',
  });
  expect(run.summary).toContain('<summary>Why the rollout failed</summary>');
  expect(run.summary).toContain('Running, not ready (readiness probe failing)');
  // The events of the Deployment and its new ReplicaSet, as the controllers recorded them.
  expect(run.summary).toMatch(
    /\| Normal \| ScalingReplicaSet \| deployment\/web \| Scaled up replica set web-[a-z0-9]+ (from 0 )?to 1/,
  );
  expect(run.summary).toMatch(
    /\| Normal \| SuccessfulCreate \| replicaset\/web-[a-z0-9]+ \| Created pod: web-/,
  );
  expect(run.summary).toMatch(/Rollback to replica set web-[a-z0-9]+: complete/);
  const d = await requireDeployment(conn.api, 'shop', 'web');
  expect(d.spec?.template?.spec?.containers?.[0]?.image).toBe('app:2');
  expect(d.status?.readyReplicas).toBe(3);
  // Real kubectl lists the revisions the action reported (2 became 4 when rolled back to).
  expect(await kubectlRevisions(sim, 'shop', 'web')).toEqual([1, 3, 4]);
  expect(summaryRevisions(run.summary)).toEqual([1, 3, 4]);
}, 60_000);

test('crash-looping image without undo: one line with the container state and restarts, result failed', async () => {
  await createDeployment(
    conn,
    deploymentManifest('api', 'app:1', { namespace: 'shop', replicas: 1, progressDeadlineSeconds: 3 }),
  );
  const run = await deploy({
    namespace: 'shop',
    deployment: 'api',
    image: 'app:2-crashloop',
    'undo-on-failure': 'false',
  });
  expect(run.code).toBe(1);
  const errors = errorLines(run);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(
    /^::error::deploy: deployment "api" failed: deployment "api" exceeded its progress deadline; 1 of 1 new pods not ready: api-\S+ \(app: (CrashLoopBackOff|Error \(exit 1\))(, \d+ restarts?)?.*\); last events: BackOff pod\/api-\S+: Back-off restarting failed container app in pod api-/,
  );
  expect(run.outputs.result).toBe('failed');
  expect(run.outputs.image).toBe('app:2-crashloop');
  expect(run.summary).toMatch(/\| api-\S+ \| no \| app \| (CrashLoopBackOff|Error \(exit 1\)) \| \d+ \|/);
  const d = await requireDeployment(conn.api, 'shop', 'api');
  expect(d.spec?.template?.spec?.containers?.[0]?.image).toBe('app:2-crashloop');
}, 60_000);

test('missing Deployment and wrong container: one clear line each, nothing written', async () => {
  const noImage = await deploy({ namespace: 'shop', deployment: 'web' });
  expect(errorLines(noImage)).toEqual([
    "::error::deploy: input 'image': got empty; set image, or manifests to apply",
  ]);
  const missing = await deploy({ namespace: 'shop', deployment: 'nope', image: 'app:2' });
  expect(missing.code).toBe(1);
  expect(errorLines(missing)).toEqual([
    '::error::deploy: deployment "nope" not found in namespace "shop" (create it first, or pass manifests that define it)',
  ]);
  expect(missing.outputs.result).toBe('failed');
  await createDeployment(
    conn,
    deploymentManifest('duo', 'app:1', { namespace: 'shop', replicas: 1, containers: ['app', 'proxy'] }),
  );
  const wrong = await deploy({ namespace: 'shop', deployment: 'duo', container: 'web', image: 'app:2' });
  expect(errorLines(wrong)).toEqual([
    '::error::deploy: container "web" not found in deployment "duo"; its containers are: app, proxy',
  ]);
  const unnamed = await deploy({ namespace: 'shop', deployment: 'duo', image: 'app:2' });
  expect(errorLines(unnamed)).toEqual([
    '::error::deploy: deployment "duo" has 2 containers (app, proxy): set the container input to one of them',
  ]);
  const d = await requireDeployment(conn.api, 'shop', 'duo');
  expect(d.spec?.template?.spec?.containers?.map((c) => c.image)).toEqual(['app:1', 'sidecar:1']);
}, 60_000);

test('API unreachable: one line naming the server, after retrying within the budget', async () => {
  sim.control.setUnreachable(true);
  const started = Date.now();
  const run = await deploy({ namespace: 'shop', deployment: 'web', image: 'app:9', timeout: '20s' });
  sim.control.setUnreachable(false);
  expect(run.code).toBe(1);
  const errors = errorLines(run);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(
    /^::error::deploy: GET \/version: cannot reach the Kubernetes API at https:\/\/127\.0\.0\.1:\d+: .+ \(gave up after \d+ attempts in \d+\.\ds\)$/,
  );
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(run.outputs.result).toBe('failed');
}, 30_000);

test('a wrong token: one line with 401 and what to check', async () => {
  const run = await deploy({
    namespace: 'shop',
    deployment: 'web',
    image: 'app:9',
    kubeconfig: sim.kubeconfig.replace(sim.token, 'expired-token-0000'),
  });
  expect(errorLines(run)).toEqual([
    '::error::deploy: GET /version: 401 Unauthorized: Unauthorized (the API server rejected the credentials: check the kubeconfig token or certificate)',
  ]);
}, 30_000);

test('RBAC 403 on the Deployment or the Lease: one line with the server message and a hint, not retried', async () => {
  await createDeployment(conn, deploymentManifest('locked', 'app:1', { namespace: 'rbac', replicas: 1 }));
  const user = 'system:serviceaccount:ci:deployer';
  const noUpdate = sim.control.addUser({
    user,
    deny: [{ verbs: ['update', 'patch'], resources: ['deployments'], groups: ['apps'] }],
  });
  const noLease = sim.control.addUser({
    user,
    deny: [{ verbs: ['create', 'update'], resources: ['leases'], groups: ['coordination.k8s.io'] }],
  });
  const started = Date.now();
  const update = await deploy({
    namespace: 'rbac',
    deployment: 'locked',
    image: 'app:2',
    kubeconfig: noUpdate.kubeconfig,
  });
  expect(errorLines(update)).toEqual([
    '::error::deploy: PUT /apis/apps/v1/namespaces/rbac/deployments/locked: 403 Forbidden: deployments.apps "locked" is forbidden: User "system:serviceaccount:ci:deployer" cannot update resource "deployments" in API group "apps" in the namespace "rbac" (the credentials lack this permission: grant it with a Role/RoleBinding)',
  ]);
  expect(update.outputs.result).toBe('failed');
  expect(Date.now() - started).toBeLessThan(10_000);
  const lease = await deploy({
    namespace: 'rbac',
    deployment: 'locked',
    image: 'app:2',
    kubeconfig: noLease.kubeconfig,
  });
  expect(errorLines(lease)).toEqual([
    // The first run left the Lease behind (released), so taking it is an update.
    '::error::deploy: PUT /apis/coordination.k8s.io/v1/namespaces/rbac/leases/deploy-actions-locked: 403 Forbidden: leases.coordination.k8s.io "deploy-actions-locked" is forbidden: User "system:serviceaccount:ci:deployer" cannot update resource "leases" in API group "coordination.k8s.io" in the namespace "rbac" (the credentials lack this permission: grant it with a Role/RoleBinding)',
  ]);
  for (const token of [noUpdate.token, noLease.token]) {
    for (const run of [update, lease]) expect(visibleText(run).includes(token)).toBe(false);
  }
  const d = await requireDeployment(conn.api, 'rbac', 'locked');
  expect(d.spec?.template?.spec?.containers?.[0]?.image).toBe('app:1');
}, 60_000);

test('insecure-skip-tls-verify is refused unless allow-insecure-tls is set', async () => {
  const insecure = sim.kubeconfig.replace(/certificate-authority-data: .*/, 'insecure-skip-tls-verify: true');
  const refused = await deploy({
    namespace: 'shop',
    deployment: 'web',
    image: 'app:2',
    kubeconfig: insecure,
  });
  expect(errorLines(refused)).toEqual([
    `::error::deploy: the kubeconfig's cluster "cluster-sim" sets insecure-skip-tls-verify; TLS verification stays on unless you set allow-insecure-tls: true (not recommended)`,
  ]);
  const allowed = await deploy({
    namespace: 'shop',
    deployment: 'web',
    image: 'app:2',
    kubeconfig: insecure,
    'allow-insecure-tls': 'true',
  });
  expect(errorLines(allowed)).toEqual([]);
  expect(allowed.outputs.result).toBe('deployed');
}, 30_000);

test('faults at 20 % on every verb: the action still completes', async () => {
  // A generous progress deadline: this test is about surviving API faults, and a loaded CI machine
  // must not turn a slow but healthy rollout into ProgressDeadlineExceeded.
  await createDeployment(
    conn,
    deploymentManifest('flaky', 'app:1', { namespace: 'faults', progressDeadlineSeconds: 30 }),
  );
  sim.control.addFault({ namespace: 'faults', errorRate: 0.1, errorCode: 500, conflictRate: 0.2 });
  sim.control.addFault({ namespace: 'faults', errorRate: 0.1, errorCode: 503 });
  sim.control.addFault({ namespace: 'faults', verbs: ['watch'], dropWatchAfterMs: 300 });
  const run = await deploy({ namespace: 'faults', deployment: 'flaky', image: 'app:2' });
  const injected = sim.control.faultList().reduce((n, f) => n + f.injected, 0);
  expect(errorLines(run)).toEqual([]);
  expect(run.outputs).toMatchObject({
    result: 'deployed',
    revision: '2',
    'previous-revision': '1',
    'ready-replicas': '3',
  });
  expect(injected).toBeGreaterThan(0);
}, 60_000);

test('two deploys at once: the second waits for the lock, then proceeds', async () => {
  await createDeployment(conn, deploymentManifest('cart', 'app:1', { namespace: 'shop' }));
  // The first takes the lock and rolls out a slow-starting image; the second starts while it holds it.
  const first = deploy(
    { namespace: 'shop', deployment: 'cart', image: 'app:2-slow' },
    { GITHUB_RUN_ID: '501' },
  );
  await until(
    async () => (await readLease('shop', 'deploy-actions-cart'))?.spec?.holderIdentity === 'org/app/501/1',
  );
  const second = deploy({ namespace: 'shop', deployment: 'cart', image: 'app:3' }, { GITHUB_RUN_ID: '502' });
  const [a, b] = await Promise.all([first, second]);
  expect([a.code, b.code]).toEqual([0, 0]);
  expect(b.stdout).toContain('waiting for the deploy lock deploy-actions-cart, held by org/app/501/1');
  expect(b.outputs['previous-image']).toBe('app:2-slow');
  expect(b.outputs['previous-revision']).toBe(a.outputs.revision);
  expect(b.outputs).toMatchObject({ result: 'deployed', revision: '3', image: 'app:3' });
  expect(b.summary).toMatch(/Deploy lock deploy-actions-cart: waited [1-9]\d*\.\ds\./);
}, 60_000);

test('a holder that died is taken over after its lease expires', async () => {
  await createDeployment(conn, deploymentManifest('till', 'app:1', { namespace: 'shop', replicas: 1 }));
  const diedAt = Date.now();
  await conn.api.request('POST', leasePath('shop'), {
    body: {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'deploy-actions-till' },
      spec: {
        holderIdentity: 'org/app/400/1',
        leaseDurationSeconds: 3,
        acquireTime: microTime(diedAt),
        renewTime: microTime(diedAt),
      },
    },
  });
  const run = await deploy({ namespace: 'shop', deployment: 'till', image: 'app:2' });
  expect(run.code).toBe(0);
  expect(run.stdout).toContain(
    'took over the deploy lock deploy-actions-till from org/app/400/1, whose lease had expired',
  );
  expect(run.summary).toMatch(
    /Deploy lock deploy-actions-till: waited \d+\.\ds, taken over from org\/app\/400\/1 \(lease expired\)\./,
  );
  // Not before the dead holder's lease ran out.
  const lease = await conn.api.read<{ spec?: { acquireTime?: string; leaseTransitions?: number } }>(
    leasePath('shop', 'deploy-actions-till'),
  );
  expect(Date.parse(lease.spec!.acquireTime!)).toBeGreaterThanOrEqual(diedAt + 3000);
  expect(lease.spec?.leaseTransitions).toBe(1);
}, 60_000);

test('manifests are applied with {{image}} filled in, creating the Deployment on the first run', async () => {
  const work = await mkdtemp(path.join(os.tmpdir(), 'deploy-manifests-'));
  const manifest = deploymentManifest('fresh', '{{image}}', { namespace: 'apply', replicas: 2 });
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'fresh', namespace: 'apply' },
    spec: { selector: { app: 'fresh' }, ports: [{ port: 80 }] },
  };
  await writeFile(path.join(work, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: apply}\n');
  await writeFile(
    path.join(work, 'app.yaml'),
    `${JSON.stringify(manifest)}\n---\n${JSON.stringify(service)}\n`,
  );
  const run = await deploy(
    { namespace: 'apply', deployment: 'fresh', image: 'app:7', manifests: 'ns.yaml\n*.yaml' },
    { GITHUB_WORKSPACE: work },
  );
  await rm(work, { recursive: true, force: true });
  expect(errorLines(run)).toEqual([]);
  expect(run.outputs).toEqual({
    result: 'deployed',
    revision: '1',
    'previous-revision': '',
    image: 'app:7',
    'previous-image': '',
    'ready-replicas': '2',
  });
  expect(run.summary).toContain('| Service | fresh | apply |');
  expect(await kubectlRevisions(sim, 'apply', 'fresh')).toEqual([1]);
}, 60_000);

test('a cancelled job (SIGTERM) stops at once, releases the lock, and says so in one line', async () => {
  await createDeployment(
    conn,
    deploymentManifest('halt', 'app:1', { namespace: 'shop', replicas: 1, progressDeadlineSeconds: 600 }),
  );
  const work = await mkdtemp(path.join(os.tmpdir(), 'deploy-cancel-'));
  const outputFile = path.join(work, 'output');
  await writeFile(outputFile, '');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin',
    HOME: work,
    RUNNER_TEMP: work,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: outputFile,
    GITHUB_REPOSITORY: 'org/app',
    GITHUB_RUN_ID: '77',
    INPUT_KUBECONFIG: sim.kubeconfig,
    INPUT_NAMESPACE: 'shop',
    INPUT_DEPLOYMENT: 'halt',
    INPUT_IMAGE: 'app:2-never-ready',
  };
  const child = spawn(process.execPath, [path.join(distDir, 'deploy', 'index.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve) => {
    child.on('close', () => resolve()); // exited early: the assertions below say why
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('out of 1 new replicas have been updated')) resolve();
    });
  });
  const signalled = Date.now();
  child.kill('SIGTERM');
  const code = await exited;
  await rm(work, { recursive: true, force: true });
  expect(code).toBe(1);
  expect(Date.now() - signalled).toBeLessThan(3000);
  expect(stdout.split('\n').filter((l) => l.startsWith('::error'))).toEqual([
    '::error::deploy: the job was cancelled (SIGTERM); the deploy lock was released and a re-run converges',
  ]);
  const lease = await conn.api.read<{ spec?: { holderIdentity?: string } }>(
    leasePath('shop', 'deploy-actions-halt'),
  );
  expect(lease.spec?.holderIdentity).toBeUndefined();
}, 60_000);

test('the kubeconfig token never appears in any output, log line or summary', async () => {
  // One more run with the kubeconfig as base64, and one read from KUBECONFIG.
  await deploy({
    namespace: 'shop',
    deployment: 'web',
    image: 'app:2',
    kubeconfig: Buffer.from(sim.kubeconfig).toString('base64'),
  });
  await deploy(
    { namespace: 'shop', deployment: 'web', image: 'app:2', kubeconfig: '' },
    { KUBECONFIG: sim.kubeconfigPath },
  );
  expect(runs.length).toBeGreaterThan(10);
  const forms = [sim.token, Buffer.from(sim.token).toString('base64')];
  for (const run of runs) {
    const text = visibleText(run);
    for (const form of forms) expect(text.includes(form)).toBe(false);
  }
  expect(runs.at(-1)!.outputs.result).toBe('deployed');
}, 60_000);
