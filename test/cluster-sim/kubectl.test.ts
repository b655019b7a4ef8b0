// Drives the simulator with the real kubectl (an independent client): apply, get, rollout status,
// set image, rollout history/undo, the three patch types, scale, wait, server-side apply, delete.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startClusterSim, type ClusterSim } from '@deploy-actions/cluster-sim';
import { hasKubectl, kubectlRunner, KUBECTL, type KubectlResult } from './kubectl-runner.js';

// kubectl's JSON output is untyped; assertions check the values they read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

if (!hasKubectl) {
  console.warn(
    `\n\n*** ${KUBECTL} is missing: SKIPPING the kubectl suite of the cluster simulator. Install kubectl to run it. ***\n\n`,
  );
}

const manifest = (image: string, replicas = 3) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: ${image}
        ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 8080
`;

function ok(r: KubectlResult): string {
  if (r.code !== 0) throw new Error(`kubectl failed (${r.code}): ${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

(hasKubectl ? describe : describe.skip)('kubectl against the cluster simulator', () => {
  let sim: ClusterSim;
  let kubectl: ReturnType<typeof kubectlRunner>;
  const getJson = async (...args: string[]) =>
    JSON.parse(ok(await kubectl(['get', ...args, '-o', 'json']))) as Record<string, Loose>;

  beforeAll(async () => {
    sim = await startClusterSim({ podStartDelayMs: 150, tickMs: 20, seed: 7 });
    kubectl = kubectlRunner(sim.kubeconfigPath);
  });
  afterAll(async () => {
    await sim?.stop();
  });

  test('the dispatcher picks a client for the reported server version', async () => {
    const out = ok(await kubectl(['version', '-o', 'json']));
    const v = JSON.parse(out) as { serverVersion: { minor: string } };
    expect(Number(v.serverVersion.minor)).toBeGreaterThanOrEqual(29);
    expect(ok(await kubectl(['get', 'nodes']))).toMatch(/^sim-node-1\s+Ready\s+control-plane\s/m);
  });

  test('apply -f creates a Deployment and a Service; rollout status waits for it', async () => {
    const applied = ok(await kubectl(['apply', '-f', '-'], { input: manifest('example/web:v1') }));
    expect(applied).toContain('deployment.apps/web created');
    expect(applied).toContain('service/web created');
    const status = ok(await kubectl(['rollout', 'status', 'deployment/web', '--timeout=20s']));
    expect(status).toContain('successfully rolled out');
    const d = await getJson('deployment', 'web');
    expect(d.status.readyReplicas).toBe(3);
    expect(d.status.availableReplicas).toBe(3);
    expect(d.status.observedGeneration).toBe(d.metadata.generation);
    expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain(
      'example/web:v1',
    );
    expect(d.spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: '25%' });
    const rs = await getJson('replicasets', '-l', 'app=web');
    expect(rs.items).toHaveLength(1);
    expect(rs.items[0].metadata.name).toBe(`web-${rs.items[0].metadata.labels['pod-template-hash']}`);
    expect(rs.items[0].metadata.ownerReferences[0]).toMatchObject({
      kind: 'Deployment',
      name: 'web',
      uid: d.metadata.uid,
      controller: true,
    });
    const ep = await getJson('endpoints', 'web');
    expect(ep.subsets[0].addresses).toHaveLength(3);
    expect(ep.subsets[0].ports[0].port).toBe(8080);
  });

  test('unknown fields fail strict validation (kubectl default), are dropped with a warning otherwise', async () => {
    const typo = manifest('example/web:v1')
      .replace('  replicas: 3', '  replica: 3')
      .replace(/name: web/g, 'name: typo')
      .replace(/app: web/g, 'app: typo');
    const strict = await kubectl(['apply', '-f', '-'], { input: typo });
    expect(strict.code).not.toBe(0);
    expect(strict.stderr).toContain('strict decoding error: unknown field "spec.replica"');
    const warned = await kubectl(['apply', '--validate=warn', '-f', '-'], { input: typo });
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('Warning: unknown field "spec.replica"');
    const d = await getJson('deployment', 'typo');
    expect(d.spec.replicas).toBe(1);
    expect(d.spec).not.toHaveProperty('replica');
    ok(await kubectl(['delete', '-f', '-'], { input: typo }));
  });

  test('get prints a table with the server-side columns', async () => {
    const out = ok(await kubectl(['get', 'deployments']));
    expect(out).toMatch(/NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
    expect(out).toMatch(/web\s+3\/3\s+3\s+3/);
  });

  test('get -w streams Table rows with the header once', async () => {
    const watching = kubectl.stream(['get', 'deployments', '-w']);
    try {
      await watching.waitFor(/^web\s+\d\/3\s/m);
      ok(await kubectl(['scale', 'deployment/web', '--replicas=2']));
      await watching.waitFor(/^web\s+\d\/2\s/m);
    } finally {
      const out = await watching.stop();
      expect(out.match(/^NAME\s+READY/gm)).toHaveLength(1);
    }
    ok(await kubectl(['scale', 'deployment/web', '--replicas=3']));
    ok(await kubectl(['rollout', 'status', 'deployment/web', '--timeout=20s']));
  });

  test('set image rolls out a second ReplicaSet; history lists both revisions', async () => {
    ok(await kubectl(['annotate', 'deployment/web', 'kubernetes.io/change-cause=to v2']));
    ok(await kubectl(['set', 'image', 'deployment/web', 'app=example/web:v2']));
    expect(ok(await kubectl(['rollout', 'status', 'deployment/web', '--timeout=20s']))).toContain(
      'successfully rolled out',
    );
    const rs = await getJson('replicasets', '-l', 'app=web');
    expect(rs.items).toHaveLength(2);
    const byRevision = Object.fromEntries(
      rs.items.map((r: Loose) => [r.metadata.annotations['deployment.kubernetes.io/revision'], r]),
    );
    expect(byRevision['2'].spec.template.spec.containers[0].image).toBe('example/web:v2');
    expect(byRevision['2'].status.readyReplicas).toBe(3);
    expect(byRevision['1'].spec.replicas).toBe(0);
    const events = await getJson(
      'events',
      '--field-selector',
      'involvedObject.kind=Deployment,involvedObject.name=web',
    );
    const messages = events.items
      .filter((e: Loose) => e.reason === 'ScalingReplicaSet')
      .map((e: Loose) => e.message);
    expect(messages).toContain(`Scaled up replica set ${byRevision['2'].metadata.name} from 0 to 1`);
    expect(messages).toContain(`Scaled down replica set ${byRevision['1'].metadata.name} from 1 to 0`);
    const history = ok(await kubectl(['rollout', 'history', 'deployment/web']));
    expect(history).toMatch(/^1\s+<none>$/m);
    expect(history).toMatch(/^2\s+to v2$/m);
  });

  test('rollout undo goes back to the first ReplicaSet as revision 3', async () => {
    const before = await getJson('replicasets', '-l', 'app=web');
    const firstName = before.items.find(
      (r: Loose) => r.metadata.annotations['deployment.kubernetes.io/revision'] === '1',
    ).metadata.name;
    expect(ok(await kubectl(['rollout', 'undo', 'deployment/web']))).toContain('rolled back');
    ok(await kubectl(['rollout', 'status', 'deployment/web', '--timeout=20s']));
    const d = await getJson('deployment', 'web');
    expect(d.spec.template.spec.containers[0].image).toBe('example/web:v1');
    expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    const rs = await getJson('replicaset', firstName);
    expect(rs.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    expect(rs.status.readyReplicas).toBe(3);
    const history = ok(await kubectl(['rollout', 'history', 'deployment/web']));
    expect(history).toMatch(/^3\s+/m);
    expect(history).not.toMatch(/^1\s+/m);
  });

  test('patch: strategic merge keeps other containers fields, merge and JSON patch apply', async () => {
    ok(
      await kubectl([
        'patch',
        'deployment',
        'web',
        '--type=strategic',
        '-p',
        '{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"MODE","value":"blue"}]}]}}}}',
      ]),
    );
    let d = await getJson('deployment', 'web');
    expect(d.spec.template.spec.containers).toHaveLength(1);
    expect(d.spec.template.spec.containers[0].image).toBe('example/web:v1');
    expect(d.spec.template.spec.containers[0].env).toEqual([{ name: 'MODE', value: 'blue' }]);
    ok(
      await kubectl([
        'patch',
        'deployment',
        'web',
        '--type=merge',
        '-p',
        '{"metadata":{"labels":{"tier":"front"}}}',
      ]),
    );
    ok(
      await kubectl([
        'patch',
        'deployment',
        'web',
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/spec/replicas","value":2},{"op":"add","path":"/metadata/annotations/team","value":"core"}]',
      ]),
    );
    d = await getJson('deployment', 'web');
    expect(d.metadata.labels).toEqual({ app: 'web', tier: 'front' });
    expect(d.metadata.annotations.team).toBe('core');
    expect(d.spec.replicas).toBe(2);
    const bad = await kubectl([
      'patch',
      'deployment',
      'web',
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/spec/nothing"}]',
    ]);
    expect(bad.code).not.toBe(0);
  });

  test('scale and wait --for=condition=Available', async () => {
    expect(ok(await kubectl(['scale', 'deployment/web', '--replicas=4']))).toContain('scaled');
    ok(await kubectl(['rollout', 'status', 'deployment/web', '--timeout=20s']));
    expect(
      ok(await kubectl(['wait', '--for=condition=Available', 'deployment/web', '--timeout=20s'])),
    ).toContain('condition met');
    const d = await getJson('deployment', 'web');
    expect(d.spec.replicas).toBe(4);
    expect(d.status.availableReplicas).toBe(4);
    const pods = await getJson('pods', '-l', 'app=web');
    expect(pods.items).toHaveLength(4);
  });

  test('apply again configures, server-side apply updates, and a stale update conflicts', async () => {
    const again = ok(await kubectl(['apply', '-f', '-'], { input: manifest('example/web:v1', 5) }));
    expect(again).toContain('deployment.apps/web configured');
    expect(again).toContain('service/web unchanged');
    expect((await getJson('deployment', 'web')).spec.replicas).toBe(5);
    const conflicted = await kubectl(['apply', '--server-side', '-f', '-'], {
      input: manifest('example/web:v3', 5),
    });
    expect(conflicted.code).not.toBe(0);
    expect(conflicted.stderr).toMatch(
      /Apply failed with \d+ conflicts?: conflict with "kubectl-[a-z-]+" using apps\/v1: \.spec\.template\.spec\.containers/,
    );
    const ssa = ok(
      await kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], {
        input: manifest('example/web:v3', 5),
      }),
    );
    expect(ssa).toContain('serverside-applied');
    const d = await getJson('deployment', 'web');
    expect(d.spec.template.spec.containers[0].image).toBe('example/web:v3');
    const stale = { ...d, metadata: { ...d.metadata, resourceVersion: '1' } };
    const replaced = await kubectl(['replace', '-f', '-'], { input: JSON.stringify(stale) });
    expect(replaced.code).not.toBe(0);
    expect(replaced.stderr).toContain('the object has been modified');
  });

  test('a never-ready version exceeds its progress deadline and rollout status fails', async () => {
    ok(
      await kubectl([
        'patch',
        'deployment',
        'web',
        '--type=merge',
        '-p',
        '{"spec":{"progressDeadlineSeconds":1}}',
      ]),
    );
    ok(await kubectl(['set', 'image', 'deployment/web', 'app=example/web:v4-never-ready']));
    const status = await kubectl(['rollout', 'status', 'deployment/web', '--timeout=20s']);
    expect(status.code).not.toBe(0);
    expect(status.stderr).toContain('exceeded its progress deadline');
    const d = await getJson('deployment', 'web');
    const progressing = d.status.conditions.find((c: { type: string }) => c.type === 'Progressing');
    expect(progressing).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(d.status.availableReplicas).toBeGreaterThanOrEqual(4); // maxUnavailable 25% of 5 → one old pod may go
  });

  test('apply works for HTTPRoute, VirtualService and canary Ingress (merge patch for custom resources)', async () => {
    const routes = (stable: number, canary: number) => `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web}
spec:
  parentRefs: [{name: gw}]
  rules:
  - backendRefs: [{name: web-stable, port: 80, weight: ${stable}}, {name: web-canary, port: 80, weight: ${canary}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: [web]
  http:
  - route: [{destination: {host: web-stable}, weight: ${stable}}, {destination: {host: web-canary}, weight: ${canary}}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web-canary
  annotations: {nginx.ingress.kubernetes.io/canary: "true", nginx.ingress.kubernetes.io/canary-weight: "${canary}"}
spec:
  rules:
  - host: web.example
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: web-canary, port: {number: 80}}}}]
`;
    expect(ok(await kubectl(['apply', '-f', '-'], { input: routes(90, 10) }))).toContain(
      'httproute.gateway.networking.k8s.io/web created',
    );
    const again = ok(await kubectl(['apply', '-f', '-'], { input: routes(50, 50) }));
    expect(again).toContain('virtualservice.networking.istio.io/web configured');
    expect(again).toContain('ingress.networking.k8s.io/web-canary configured');
    const route = await getJson('httproute', 'web');
    expect(route.spec.rules[0].backendRefs.map((b: { weight: number }) => b.weight)).toEqual([50, 50]);
    expect(route.metadata.generation).toBe(2);
    expect(
      (await getJson('virtualservice', 'web')).spec.http[0].route.map((r: { weight: number }) => r.weight),
    ).toEqual([50, 50]);
    expect(
      (await getJson('ingress', 'web-canary')).metadata.annotations[
        'nginx.ingress.kubernetes.io/canary-weight'
      ],
    ).toBe('50');
  });

  test('logs of a crash-looping pod, current and previous', async () => {
    ok(await kubectl(['create', 'deployment', 'crash', '--image=example/crash:v1-crashloop']));
    let previous: KubectlResult | undefined;
    for (let i = 0; i < 50; i++) {
      previous = await kubectl(['logs', 'deployment/crash', '--previous']);
      if (previous.code === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(previous!.stdout).toContain('panic: simulated crash');
    const current = ok(await kubectl(['logs', 'deployment/crash']));
    expect(current).toContain('starting example/crash:v1-crashloop');
    const pods = await getJson('pods', '-l', 'app=crash');
    expect(pods.items[0].status.containerStatuses[0].state.waiting.reason).toBe('CrashLoopBackOff');
    ok(await kubectl(['delete', 'deployment', 'crash']));
  });

  test('the controllers raised no errors along the way', () => {
    expect(sim.control.controllerErrors()).toEqual([]);
  });

  test('delete removes the Deployment with its ReplicaSets and Pods', async () => {
    const out = ok(await kubectl(['delete', '-f', '-'], { input: manifest('example/web:v1') }));
    expect(out).toContain('deployment.apps "web" deleted');
    expect((await getJson('replicasets', '-l', 'app=web')).items).toHaveLength(0);
    expect((await getJson('pods', '-l', 'app=web')).items).toHaveLength(0);
    const missing = await kubectl(['get', 'deployment', 'web']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('NotFound');
  });
});
