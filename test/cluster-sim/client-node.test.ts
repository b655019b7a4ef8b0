// The simulator through @kubernetes/client-node 1.x over HTTPS with TLS verification and a bearer
// token: AppsV1Api, CoreV1Api, CustomObjectsApi, CoordinationV1Api, Watch and KubernetesObjectApi.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { startClusterSim, type ClusterSim } from '@deploy-actions/cluster-sim';

const NS = 'shop';

function deployment(name: string, image: string, replicas = 2): k8s.V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image, ports: [{ containerPort: 8080 }] }] },
      },
    },
  };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function apiError(promise: Promise<unknown>): Promise<{ code: number; reason: string }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof k8s.ApiException) {
      // client-node leaves the body undefined for responses its OpenAPI spec declares without one (401)
      const body =
        typeof err.body === 'string'
          ? (JSON.parse(err.body) as { reason?: string })
          : (err.body as { reason?: string } | undefined);
      return { code: err.code, reason: body?.reason ?? '' };
    }
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('@kubernetes/client-node against the cluster simulator', () => {
  let sim: ClusterSim;
  let kc: k8s.KubeConfig;
  let apps: k8s.AppsV1Api;
  let core: k8s.CoreV1Api;

  beforeAll(async () => {
    sim = await startClusterSim({ podStartDelayMs: 100, tickMs: 20, seed: 11 });
    kc = new k8s.KubeConfig();
    kc.loadFromString(sim.kubeconfig);
    apps = kc.makeApiClient(k8s.AppsV1Api);
    core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: NS } } });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  test('the kubeconfig uses HTTPS with the CA and a token; no token means 401, no CA means a TLS error', async () => {
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(kc.getCurrentCluster()?.skipTLSVerify).toBeFalsy();
    const names = (await core.listNamespace()).items.map((n) => n.metadata?.name);
    expect(names).toEqual(expect.arrayContaining(['default', 'kube-system', NS]));
    const bad = new k8s.KubeConfig();
    bad.loadFromString(sim.kubeconfig.replace(sim.token, 'wrong-token'));
    expect((await apiError(bad.makeApiClient(k8s.CoreV1Api).listNamespace())).code).toBe(401);
    const plain = await fetch(`${sim.url.replace('https', 'http')}/api`, {
      signal: AbortSignal.timeout(5000),
    }).then(
      () => 'answered',
      () => 'refused',
    );
    expect(plain).toBe('refused'); // plain HTTP is not served on the TLS port
    const noCa = new k8s.KubeConfig();
    noCa.loadFromOptions({
      clusters: [{ name: 'c', server: sim.url }],
      users: [{ name: 'u', token: sim.token }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    await expect(noCa.makeApiClient(k8s.CoreV1Api).listNamespace()).rejects.toThrow(/certificate/i);
  });

  test('AppsV1Api: create, become ready, scale subresource, conflicts, patches', async () => {
    const created = await apps.createNamespacedDeployment({
      namespace: NS,
      body: deployment('api', 'shop/api:v1'),
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.generation).toBe(1);
    const ready = await until('api ready', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'api', namespace: NS });
      return d.status?.readyReplicas === 2 && d.status.observedGeneration === 1 ? d : undefined;
    });
    expect(ready.status?.conditions?.find((c) => c.type === 'Available')?.status).toBe('True');
    const scale = await apps.readNamespacedDeploymentScale({ name: 'api', namespace: NS });
    expect(scale.spec?.replicas).toBe(2);
    expect(scale.status?.selector).toBe('app=api');
    await apps.patchNamespacedDeploymentScale(
      { name: 'api', namespace: NS, body: { spec: { replicas: 3 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect((await apps.readNamespacedDeployment({ name: 'api', namespace: NS })).spec?.replicas).toBe(3);
    const stale = { ...ready, spec: { ...ready.spec!, replicas: 1 } };
    expect(
      await apiError(apps.replaceNamespacedDeployment({ name: 'api', namespace: NS, body: stale })),
    ).toEqual({ code: 409, reason: 'Conflict' });
    // client-node's default patch type is JSON patch
    const jp = await apps.patchNamespacedDeployment({
      name: 'api',
      namespace: NS,
      body: [{ op: 'replace', path: '/spec/replicas', value: 2 }],
    });
    expect(jp.spec?.replicas).toBe(2);
    expect(jp.metadata?.generation).toBe(3);
    const merge = await apps.patchNamespacedDeployment(
      { name: 'api', namespace: NS, body: { metadata: { annotations: { owner: 'team-a' } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(merge.metadata?.annotations?.owner).toBe('team-a');
    expect(merge.metadata?.generation).toBe(3); // metadata changes do not bump the generation
    const smp = await apps.patchNamespacedDeployment(
      {
        name: 'api',
        namespace: NS,
        body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'shop/api:v2' }] } } } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    );
    expect(smp.spec?.template.spec?.containers).toHaveLength(1);
    expect(smp.spec?.template.spec?.containers[0]?.image).toBe('shop/api:v2');
    expect(smp.spec?.template.spec?.containers[0]?.ports?.[0]?.containerPort).toBe(8080);
    const done = await until('v2 rolled out', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'api', namespace: NS });
      const s = d.status;
      return s?.updatedReplicas === 2 &&
        s.availableReplicas === 2 &&
        s.replicas === 2 &&
        s.observedGeneration === d.metadata?.generation
        ? d
        : undefined;
    });
    expect(done.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    const rsList = await apps.listNamespacedReplicaSet({ namespace: NS, labelSelector: 'app=api' });
    expect(rsList.items.map((r) => r.spec?.replicas).sort()).toEqual([0, 2]);
    expect(await apiError(apps.readNamespacedDeployment({ name: 'missing', namespace: NS }))).toEqual({
      code: 404,
      reason: 'NotFound',
    });
    expect(
      await apiError(apps.createNamespacedDeployment({ namespace: NS, body: deployment('api', 'x:1') })),
    ).toEqual({ code: 409, reason: 'AlreadyExists' });
  });

  test('CoreV1Api: services, endpoints of ready pods, paged lists, deletion garbage-collects', async () => {
    await core.createNamespacedService({
      namespace: NS,
      body: {
        metadata: { name: 'api' },
        spec: { selector: { app: 'api' }, ports: [{ port: 80, targetPort: 8080 }] },
      },
    });
    const ep = await until('endpoints', async () => {
      const e = await core.readNamespacedEndpoints({ name: 'api', namespace: NS }).catch(() => undefined);
      return e?.subsets?.[0]?.addresses?.length === 2 ? e : undefined;
    });
    expect(ep.subsets?.[0]?.ports?.[0]?.port).toBe(8080);
    const lb = await core.createNamespacedService({
      namespace: NS,
      body: {
        metadata: { name: 'api-lb' },
        spec: { type: 'LoadBalancer', selector: { app: 'api' }, ports: [{ port: 443 }] },
      },
    });
    expect(lb.status?.loadBalancer?.ingress?.[0]?.ip).toBe('127.0.0.1');
    expect(lb.spec?.ports?.[0]?.nodePort).toBeGreaterThanOrEqual(30000);
    expect(lb.spec?.ports?.[0]?.nodePort).toBeLessThanOrEqual(32767);
    await core.deleteNamespacedService({ name: 'api-lb', namespace: NS });
    const page1 = await core.listNamespacedPod({ namespace: NS, limit: 1 });
    expect(page1.items).toHaveLength(1);
    expect(page1.metadata?._continue).toBeTruthy();
    const page2 = await core.listNamespacedPod({
      namespace: NS,
      limit: 5,
      _continue: page1.metadata?._continue,
    });
    expect(page2.items.map((p) => p.metadata?.name)).not.toContain(page1.items[0]?.metadata?.name);
    expect(page1.items.length + page2.items.length).toBe(2);
    await apps.deleteNamespacedDeployment({ name: 'api', namespace: NS });
    const pods = await core.listNamespacedPod({ namespace: NS, labelSelector: 'app=api' });
    expect(pods.items).toHaveLength(0);
    expect((await apps.listNamespacedReplicaSet({ namespace: NS })).items).toHaveLength(0);
  });

  test('Watch: events from a resourceVersion, selector filtering, and 410 for a version too old', async () => {
    const list = await apps.listNamespacedDeployment({ namespace: NS });
    const events: Array<[string, string, number]> = [];
    const watch = new k8s.Watch(kc);
    let ended: unknown = 'open';
    const ctrl = await watch.watch(
      `/apis/apps/v1/namespaces/${NS}/deployments`,
      {
        resourceVersion: list.metadata?.resourceVersion,
        labelSelector: 'app=web',
        allowWatchBookmarks: true,
      },
      (type, obj: k8s.V1Deployment) =>
        events.push([type, obj.metadata?.name ?? '', obj.status?.readyReplicas ?? 0]),
      (err) => {
        ended = err;
      },
    );
    await apps.createNamespacedDeployment({ namespace: NS, body: deployment('other', 'x:1', 1) });
    await apps.createNamespacedDeployment({ namespace: NS, body: deployment('web', 'shop/web:v1', 1) });
    await until('web ready event', async () =>
      events.some(([t, n, r]) => t === 'MODIFIED' && n === 'web' && r === 1) ? true : undefined,
    );
    expect(events[0]).toEqual(['ADDED', 'web', 0]);
    expect(events.some(([, n]) => n === 'other')).toBe(false);
    await apps.deleteNamespacedDeployment({ name: 'web', namespace: NS });
    await until('deleted event', async () => (events.some(([t]) => t === 'DELETED') ? true : undefined));
    ctrl.abort();
    expect(ended).not.toBe('open');
    const gone: string[] = [];
    await new Promise<void>((resolve) => {
      void watch.watch(
        `/apis/apps/v1/namespaces/${NS}/deployments`,
        { resourceVersion: '1' },
        (type, obj: { code?: number }) => gone.push(`${type}:${obj.code}`),
        () => resolve(),
      );
    });
    expect(gone).toEqual(['ERROR:410']);
  });

  test('dry runs persist nothing; deletecollection removes what the selector matches', async () => {
    const dry = await core.createNamespacedConfigMap({
      namespace: NS,
      dryRun: 'All',
      body: { metadata: { name: 'dry' }, data: { a: '1' } },
    });
    expect(dry.metadata?.uid).toBeTruthy();
    expect(await apiError(core.readNamespacedConfigMap({ name: 'dry', namespace: NS }))).toEqual({
      code: 404,
      reason: 'NotFound',
    });
    for (const [name, team] of [
      ['c1', 'a'],
      ['c2', 'a'],
      ['c3', 'b'],
    ]) {
      await core.createNamespacedConfigMap({
        namespace: NS,
        body: { metadata: { name: name!, labels: { team: team! } } },
      });
    }
    await core.deleteCollectionNamespacedConfigMap({ namespace: NS, labelSelector: 'team=a' });
    const left = await core.listNamespacedConfigMap({ namespace: NS, labelSelector: 'team' });
    expect(left.items.map((c) => c.metadata?.name)).toEqual(['c3']);
    await core.deleteNamespacedConfigMap({ name: 'c3', namespace: NS });
  });

  test('an informer lists, then follows changes through its watch', async () => {
    const path = `/api/v1/namespaces/${NS}/configmaps`;
    const core2 = kc.makeApiClient(k8s.CoreV1Api);
    await core2.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'before' }, data: { a: '1' } },
    });
    const informer = k8s.makeInformer(kc, path, () => core2.listNamespacedConfigMap({ namespace: NS }));
    const seen: string[] = [];
    informer.on('add', (o: k8s.V1ConfigMap) => seen.push(`add:${o.metadata?.name}`));
    informer.on('update', (o: k8s.V1ConfigMap) => seen.push(`update:${o.metadata?.name}:${o.data?.a}`));
    informer.on('delete', (o: k8s.V1ConfigMap) => seen.push(`delete:${o.metadata?.name}`));
    await informer.start();
    try {
      await core2.createNamespacedConfigMap({
        namespace: NS,
        body: { metadata: { name: 'after' }, data: { a: '1' } },
      });
      await core2.patchNamespacedConfigMap(
        { name: 'after', namespace: NS, body: { data: { a: '2' } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      await core2.deleteNamespacedConfigMap({ name: 'before', namespace: NS });
      await until('informer events', async () => (seen.length >= 4 ? true : undefined));
      expect(seen).toEqual(['add:before', 'add:after', 'update:after:2', 'delete:before']);
      expect(informer.list(NS).map((c) => c.metadata?.name)).toEqual(['after']);
    } finally {
      await informer.stop();
    }
  });

  test('CustomObjectsApi: HTTPRoute weights and Istio VirtualService, merge patch; strategic merge is refused', async () => {
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'web', namespace: NS },
      spec: {
        parentRefs: [{ name: 'gw' }],
        rules: [
          {
            backendRefs: [
              { name: 'web-stable', port: 80, weight: 100 },
              { name: 'web-canary', port: 80, weight: 0 },
            ],
          },
        ],
      },
    };
    await custom.createNamespacedCustomObject({
      group: 'gateway.networking.k8s.io',
      version: 'v1',
      namespace: NS,
      plural: 'httproutes',
      body: route,
    });
    const patched = (await custom.patchNamespacedCustomObject(
      {
        group: 'gateway.networking.k8s.io',
        version: 'v1',
        namespace: NS,
        plural: 'httproutes',
        name: 'web',
        body: {
          spec: {
            rules: [
              {
                backendRefs: [
                  { name: 'web-stable', port: 80, weight: 75 },
                  { name: 'web-canary', port: 80, weight: 25 },
                ],
              },
            ],
          },
        },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    )) as typeof route & { metadata: { generation: number } };
    expect(patched.spec.rules[0]!.backendRefs.map((b) => b.weight)).toEqual([75, 25]);
    expect(patched.metadata.generation).toBe(2);
    const vs = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'web', namespace: NS },
      spec: {
        hosts: ['web'],
        http: [
          {
            route: [
              { destination: { host: 'web-stable' }, weight: 90 },
              { destination: { host: 'web-canary' }, weight: 10 },
            ],
          },
        ],
      },
    };
    await custom.createNamespacedCustomObject({
      group: 'networking.istio.io',
      version: 'v1',
      namespace: NS,
      plural: 'virtualservices',
      body: vs,
    });
    const listed = (await custom.listNamespacedCustomObject({
      group: 'networking.istio.io',
      version: 'v1',
      namespace: NS,
      plural: 'virtualservices',
    })) as { items: unknown[] };
    expect(listed.items).toHaveLength(1);
    const refused = await apiError(
      custom.patchNamespacedCustomObject(
        {
          group: 'networking.istio.io',
          version: 'v1',
          namespace: NS,
          plural: 'virtualservices',
          name: 'web',
          body: { spec: {} },
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
      ),
    );
    expect(refused).toEqual({ code: 415, reason: 'UnsupportedMediaType' });
  });

  test('KubernetesObjectApi: server-side apply creates and updates, read, list, delete', async () => {
    const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    const ingress: k8s.V1Ingress & { metadata: { annotations: Record<string, string> } } = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: 'web-canary',
        namespace: NS,
        annotations: {
          'nginx.ingress.kubernetes.io/canary': 'true',
          'nginx.ingress.kubernetes.io/canary-weight': '10',
        },
      },
      spec: {
        rules: [
          {
            host: 'web.example',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web-canary', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    };
    const created = await objects.patch(
      ingress,
      undefined,
      undefined,
      'deploy-actions',
      true,
      k8s.PatchStrategy.ServerSideApply,
    );
    expect(created.metadata?.uid).toBeTruthy();
    ingress.metadata.annotations['nginx.ingress.kubernetes.io/canary-weight'] = '50';
    const updated = await objects.patch(
      ingress,
      undefined,
      undefined,
      'deploy-actions',
      true,
      k8s.PatchStrategy.ServerSideApply,
    );
    expect(updated.metadata?.annotations?.['nginx.ingress.kubernetes.io/canary-weight']).toBe('50');
    expect(updated.metadata?.uid).toBe(created.metadata?.uid);
    const read = await objects.read({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web-canary', namespace: NS },
    });
    expect(read.metadata?.resourceVersion).toBe(updated.metadata?.resourceVersion);
    const list = await objects.list('networking.k8s.io/v1', 'Ingress', NS);
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['web-canary']);
    await objects.delete(read);
    await expect(
      objects.read({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'web-canary', namespace: NS },
      }),
    ).rejects.toThrow();
  });

  test('the controllers raised no errors along the way', () => {
    expect(sim.control.controllerErrors()).toEqual([]);
  });

  test('server-side apply: a field another manager changed is a 409 conflict unless forced; managedFields list owners', async () => {
    const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'ssa', namespace: NS },
      data: { mode: 'blue', size: 'small' },
    };
    await objects.patch(cm, undefined, undefined, 'deployer', false, k8s.PatchStrategy.ServerSideApply);
    await core.patchNamespacedConfigMap(
      { name: 'ssa', namespace: NS, fieldManager: 'operator', body: { data: { mode: 'green' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const conflict = await apiError(
      objects.patch(cm, undefined, undefined, 'deployer', false, k8s.PatchStrategy.ServerSideApply),
    );
    expect(conflict).toEqual({ code: 409, reason: 'Conflict' });
    const unchanged = { ...cm, data: { mode: 'green', size: 'large' } };
    const applied = (await objects.patch(
      unchanged,
      undefined,
      undefined,
      'deployer',
      false,
      k8s.PatchStrategy.ServerSideApply,
    )) as k8s.V1ConfigMap;
    const owners = (o: k8s.V1ConfigMap) =>
      (o.metadata?.managedFields ?? [])
        .map((m) => [
          m.manager,
          m.operation,
          Object.keys((m.fieldsV1 as { 'f:data'?: object })['f:data'] ?? {}).sort(),
        ])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    // applying the value another manager set makes the field shared
    expect(owners(applied)).toEqual([
      ['deployer', 'Apply', ['f:mode', 'f:size']],
      ['operator', 'Update', ['f:mode']],
    ]);
    const forced = (await objects.patch(
      { ...cm, data: { mode: 'red', size: 'small' } },
      undefined,
      undefined,
      'deployer',
      true,
      k8s.PatchStrategy.ServerSideApply,
    )) as k8s.V1ConfigMap;
    expect(forced.data).toEqual({ mode: 'red', size: 'small' });
    expect(owners(forced)).toEqual([['deployer', 'Apply', ['f:mode', 'f:size']]]);
  });

  test('CoordinationV1Api: a Lease is taken with create and renewed with optimistic concurrency', async () => {
    const coord = kc.makeApiClient(k8s.CoordinationV1Api);
    const lease = await coord.createNamespacedLease({
      namespace: NS,
      body: {
        metadata: { name: 'deploy-lock-web' },
        spec: { holderIdentity: 'run-1', leaseDurationSeconds: 30, acquireTime: new k8s.V1MicroTime() },
      },
    });
    expect(
      await apiError(
        coord.createNamespacedLease({
          namespace: NS,
          body: { metadata: { name: 'deploy-lock-web' }, spec: { holderIdentity: 'run-2' } },
        }),
      ),
    ).toEqual({
      code: 409,
      reason: 'AlreadyExists',
    });
    const renewed = await coord.replaceNamespacedLease({
      name: 'deploy-lock-web',
      namespace: NS,
      body: { ...lease, spec: { ...lease.spec, renewTime: new k8s.V1MicroTime() } },
    });
    expect(renewed.metadata?.resourceVersion).not.toBe(lease.metadata?.resourceVersion);
    expect(
      await apiError(
        coord.replaceNamespacedLease({
          name: 'deploy-lock-web',
          namespace: NS,
          body: { ...lease, spec: { holderIdentity: 'run-2' } },
        }),
      ),
    ).toEqual({
      code: 409,
      reason: 'Conflict',
    });
    expect(
      (await coord.readNamespacedLease({ name: 'deploy-lock-web', namespace: NS })).spec?.holderIdentity,
    ).toBe('run-1');
  });
});
