// API faults (error rates with Retry-After, latency, conflicts, dropped watches, unreachable) and the
// HTTP control API (/sim/...), including the per-Service application endpoint.
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import type { IncomingHttpHeaders } from 'node:http';
import { get as httpsGet, request as httpsRequest } from 'node:https';
import * as k8s from '@kubernetes/client-node';
import { startClusterSim, type ClusterSim } from '@deploy-actions/cluster-sim';

// Control API and Status bodies are read as untyped JSON; assertions check the values they read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

async function control(
  sim: ClusterSim,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Loose }> {
  const res = await fetch(`${sim.appUrl}${path}`, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(5000),
  });
  return { status: res.status, json: await res.json() };
}

/** A GET on the API with the simulator's CA and token, returning status, headers and body. */
function rawApi(
  sim: ClusterSim,
  path: string,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Loose }> {
  return new Promise((resolve, reject) => {
    const req = httpsGet(
      `${sim.url}${path}`,
      { ca: sim.caPem, headers: { Authorization: `Bearer ${sim.token}` }, timeout: 5000 },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }),
        );
      },
    );
    req.on('error', reject);
  });
}

describe('faults and the HTTP control API', () => {
  let sim: ClusterSim;
  let kc: k8s.KubeConfig;
  let apps: k8s.AppsV1Api;

  beforeAll(async () => {
    sim = await startClusterSim({ podStartDelayMs: 50, tickMs: 20, seed: 9 });
    kc = new k8s.KubeConfig();
    kc.loadFromString(sim.kubeconfig);
    apps = kc.makeApiClient(k8s.AppsV1Api);
    const labels = { app: 'web' };
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'web', labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'shop/web:v1' }] } },
        },
      },
    });
    await kc.makeApiClient(k8s.CoreV1Api).createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'web' }, spec: { selector: labels, ports: [{ port: 80 }] } },
    });
  });
  afterEach(async () => {
    sim.control.clearFaults();
  });
  afterAll(async () => {
    await sim?.stop();
  });

  test('an error-rate fault answers 503 Status with Retry-After, for as many times as asked', async () => {
    const added = await control(sim, 'POST', '/sim/faults', {
      verbs: ['get'],
      resources: ['deployments'],
      errorRate: 1,
      errorCode: 503,
      times: 2,
    });
    expect(added.status).toBe(201);
    expect(added.json.id).toMatch(/^fault-/);
    const first = await rawApi(sim, '/apis/apps/v1/namespaces/default/deployments/web');
    expect(first.status).toBe(503);
    expect(first.headers['retry-after']).toBe('1');
    expect(first.body).toMatchObject({ kind: 'Status', code: 503, reason: 'ServiceUnavailable' });
    await expect(apps.readNamespacedDeployment({ name: 'web', namespace: 'default' })).rejects.toMatchObject({
      code: 503,
    });
    const third = await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
    expect(third.metadata?.name).toBe('web');
    expect((await control(sim, 'GET', '/sim/faults')).json[0].injected).toBe(2);
  });

  test('latency and conflict faults', async () => {
    sim.control.addFault({ verbs: ['list'], resources: ['deployments'], latencyMs: 300 });
    const t0 = Date.now();
    await apps.listNamespacedDeployment({ namespace: 'default' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    sim.control.addFault({ verbs: ['patch'], resources: ['deployments'], conflictRate: 1 });
    await expect(
      apps.patchNamespacedDeployment({
        name: 'web',
        namespace: 'default',
        body: [{ op: 'replace', path: '/spec/replicas', value: 3 }],
      }),
    ).rejects.toMatchObject({ code: 409 });
  });

  test('a dropped watch stream ends the client watch', async () => {
    sim.control.addFault({ verbs: ['watch'], resources: ['deployments'], dropWatchAfterMs: 200 });
    const t0 = Date.now();
    const ended = await new Promise<number>((resolve) => {
      void new k8s.Watch(kc).watch(
        '/apis/apps/v1/namespaces/default/deployments',
        {},
        () => undefined,
        () => resolve(Date.now() - t0),
      );
    });
    expect(ended).toBeGreaterThanOrEqual(150);
    expect(ended).toBeLessThan(3000);
  });

  test('an unreachable API drops connections until switched back', async () => {
    expect((await control(sim, 'POST', '/sim/unreachable', { unreachable: true })).json.unreachable).toBe(
      true,
    );
    await expect(apps.readNamespacedDeployment({ name: 'web', namespace: 'default' })).rejects.toThrow(
      /socket hang up|ECONNRESET|closed|terminated|disconnected/i,
    );
    await control(sim, 'POST', '/sim/unreachable', { unreachable: false });
    expect((await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' })).metadata?.name).toBe(
      'web',
    );
  });

  test('/sim/app answers real HTTP requests routed to a ready pod; behaviours change at run time', async () => {
    for (let i = 0; i < 100; i++) {
      const ready = sim.control.get('deployments', 'default', 'web', 'apps')?.status as
        { readyReplicas?: number } | undefined;
      if (ready?.readyReplicas === 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    sim.control.clearRequests();
    const ok = await fetch(`${sim.appUrl}/sim/app/default/web`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-sim-version')).toBe('v1');
    expect(((await ok.json()) as { pod: string }).pod).toMatch(/^web-/);
    expect((await control(sim, 'POST', '/sim/behaviours/v1', { errorRate: 1 })).json.errorRate).toBe(1);
    const failing = await fetch(`${sim.appUrl}/sim/app/default/web`);
    expect(failing.status).toBe(503);
    await control(sim, 'DELETE', '/sim/behaviours');
    const viaMissing = await fetch(`${sim.appUrl}/sim/app/default/web?via=Ingress/none`);
    expect(viaMissing.status).toBe(503); // no such Ingress: routed nowhere
    expect((await fetch(`${sim.appUrl}/sim/app/default/web?via=Bogus/x`)).status).toBe(400);
    const summary = (await control(sim, 'GET', '/sim/requests/summary?namespace=default&target=web')).json;
    expect(summary).toEqual({ total: 3, errors: 2, toUnreadyPods: 0, byVersion: { v1: 2, '(none)': 1 } });
    const state = (await control(sim, 'GET', '/sim/state')).json;
    expect(state.controllerErrors).toEqual([]);
    expect(state.unreachable).toBe(false);
  });

  test('/sim/traffic starts and stops the load generator; /sim/requests filters the log', async () => {
    sim.control.clearRequests();
    const started = Date.now();
    expect(
      (await control(sim, 'POST', '/sim/traffic', { namespace: 'default', service: 'web', rps: 50 })).json,
    ).toEqual([{ namespace: 'default', service: 'web', rps: 50 }]);
    await new Promise((r) => setTimeout(r, 600));
    expect(
      (await control(sim, 'POST', '/sim/traffic', { namespace: 'default', service: 'web', rps: 0 })).json,
    ).toEqual([]);
    const stoppedAt = Date.now();
    const summary = (await control(sim, 'GET', '/sim/requests/summary?target=web')).json;
    expect(summary.total).toBeGreaterThanOrEqual(20);
    expect(summary.total).toBeLessThanOrEqual(Math.ceil(((stoppedAt - started) / 1000) * 50) + 5);
    expect(summary.byVersion).toEqual({ v1: summary.total });
    const records = (await control(sim, 'GET', `/sim/requests?version=v1&since=${started}`)).json as Array<{
      pod: string;
      podReady: boolean;
    }>;
    expect(records).toHaveLength(summary.total);
    expect(records.every((r) => r.podReady && r.pod.startsWith('web-'))).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect((await control(sim, 'GET', '/sim/requests/summary?target=web')).json.total).toBe(summary.total);
  });

  test('limited tokens: denied verbs get the RBAC 403 Status, allowed ones work', async () => {
    const limited = sim.control.addUser({
      user: 'system:serviceaccount:ci:deployer',
      deny: [
        { verbs: ['update', 'patch'], resources: ['deployments'], groups: ['apps'] },
        { verbs: ['create'], resources: ['leases'], groups: ['coordination.k8s.io'] },
      ],
    });
    const kcLimited = new k8s.KubeConfig();
    kcLimited.loadFromString(limited.kubeconfig);
    const appsLimited = kcLimited.makeApiClient(k8s.AppsV1Api);
    const web = await appsLimited.readNamespacedDeployment({ name: 'web', namespace: 'default' });
    expect(web.metadata?.name).toBe('web');
    await expect(
      appsLimited.replaceNamespacedDeployment({ name: 'web', namespace: 'default', body: web }),
    ).rejects.toMatchObject({ code: 403 });
    const raw = await new Promise<{ status: number; body: Loose }>((resolve, reject) => {
      const req = httpsRequest(
        `${sim.url}/apis/apps/v1/namespaces/default/deployments/web`,
        {
          method: 'PATCH',
          ca: sim.caPem,
          headers: {
            Authorization: `Bearer ${limited.token}`,
            'Content-Type': 'application/merge-patch+json',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end('{"metadata":{"labels":{"x":"y"}}}');
    });
    expect(raw.status).toBe(403);
    expect(raw.body).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      code: 403,
      message:
        'deployments.apps "web" is forbidden: User "system:serviceaccount:ci:deployer" cannot patch resource "deployments" in API group "apps" in the namespace "default"',
    });
    const readOnly = sim.control.addUser({
      user: 'viewer',
      allow: [{ verbs: ['get', 'list', 'watch'], resources: ['*'] }],
    });
    const kcViewer = new k8s.KubeConfig();
    kcViewer.loadFromString(readOnly.kubeconfig);
    const coreViewer = kcViewer.makeApiClient(k8s.CoreV1Api);
    expect((await coreViewer.listNamespace()).items.length).toBeGreaterThan(0);
    await expect(coreViewer.createNamespace({ body: { metadata: { name: 'nope' } } })).rejects.toMatchObject({
      code: 403,
    });
    expect(sim.control.removeUser(readOnly.token)).toBe(true);
    await expect(coreViewer.listNamespace()).rejects.toMatchObject({ code: 401 });
  });
});
