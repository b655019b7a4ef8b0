// The cluster simulator's own speed: API GETs per second over HTTPS keep-alive against a bare Node
// HTTPS server answering the same bytes (the ceiling of this stack), and the cost of one controller
// pass over a 50-Deployment / 200-pod cluster against the default tick interval.
import { Agent, createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { startClusterSim, type KubeObject } from '@deploy-actions/cluster-sim';
import type { Figure } from './run.js';

const REQUESTS = 3000;

function getLoop(url: string, headers: Record<string, string>, ca: string, count: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 8, ca });
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(url, { agent, headers }, (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
        );
      });
      req.on('error', reject);
      req.end();
    });
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next++ < count) await one();
  };
  return Promise.all(Array.from({ length: 8 }, worker)).then(() => {
    agent.destroy();
    return count / ((performance.now() - started) / 1000);
  });
}

function deployment(i: number): KubeObject {
  const labels = { app: `app-${i}` };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `app-${i}`, namespace: 'default' },
    spec: {
      replicas: 4,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'app:1' }] } },
    },
  };
}

export default async function run(): Promise<Figure[]> {
  const sim = await startClusterSim({ podStartDelayMs: 50, seed: 1 });
  try {
    sim.control.apply('deployments', deployment(0), 'apps');
    const path = '/apis/apps/v1/namespaces/default/deployments/app-0';
    const body = JSON.stringify(sim.control.get('deployments', 'default', 'app-0', 'apps'));
    const auth = { Authorization: `Bearer ${sim.token}` };
    const simRps = await getLoop(`${sim.url}${path}`, auth, sim.caPem, REQUESTS);
    const tls = await import('../packages/cluster-sim/src/tls.js');
    const material = await tls.makeTlsMaterial();
    const server = createServer({ cert: material.certPem, key: material.keyPem }, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const bareRps = await getLoop(
      `https://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
      auth,
      material.caPem,
      REQUESTS,
    );
    server.close();
    server.closeAllConnections();

    for (let i = 1; i < 50; i++) sim.control.apply('deployments', deployment(i), 'apps');
    for (let i = 0; i < 20; i++) {
      sim.control.tick();
      await new Promise((r) => setTimeout(r, 20));
    }
    const pods = sim.control.list('pods').length;
    const rounds = 20;
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) sim.control.tick();
    const tickMs = (performance.now() - t0) / rounds;
    return [
      {
        name: 'cluster-sim: API GET deployment (HTTPS keep-alive, 8 clients)',
        value: simRps,
        unit: 'req/s',
        reference: { name: 'bare Node HTTPS server, same bytes', value: bareRps },
      },
      {
        name: `cluster-sim: one controller pass (50 deployments, ${pods} pods)`,
        value: tickMs,
        unit: 'ms',
        reference: { name: 'default tick interval', value: 25 },
      },
    ];
  } finally {
    await sim.stop();
  }
}
