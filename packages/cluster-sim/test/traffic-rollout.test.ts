// Traffic during a rolling update in simulated time: no request reaches an unready pod, versions
// shift over, and the request log measures how long a faulty version was served.
import { afterEach, describe, expect, test } from '@jest/globals';
import { seededRandom } from '../src/random.js';
import { TrafficSimulator } from '../src/traffic/traffic.js';
import { deploymentManifest, setImage, simulatedCluster, START_DELAY, status, TICK } from './helpers.js';

let cluster: ReturnType<typeof simulatedCluster>;
let traffic: TrafficSimulator | undefined;
afterEach(async () => {
  await traffic?.stop();
  await cluster?.controllers.stop();
});

describe('traffic during a rollout', () => {
  test('a rolling update under load sends no request to an unready pod and moves every request to v2', async () => {
    cluster = simulatedCluster();
    const { registry } = cluster;
    cluster.createDeployment(
      deploymentManifest('web', 'web:v1', 4, {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 1 },
      }),
    );
    registry.create(registry.type('services'), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    traffic = new TrafficSimulator(registry, cluster.clock, cluster.behaviours, seededRandom(4), 50);
    await cluster.clock.advance(START_DELAY * 2);
    traffic.setTraffic({ namespace: 'default', service: 'web', rps: 100 });
    traffic.start();
    await cluster.clock.advance(500);
    const rolloutStart = cluster.clock.now();
    cluster.updateDeployment('web', (d) => setImage(d, 'web:v2'));
    for (let i = 0; i < 200; i++) {
      await cluster.clock.advance(TICK);
      const s = status(cluster.getDeployment('web'));
      if (s.updatedReplicas === 4 && s.replicas === 4 && s.availableReplicas === 4) break;
    }
    const rolloutEnd = cluster.clock.now();
    await cluster.clock.advance(1000);
    const during = traffic.log.query({ since: rolloutStart, until: rolloutEnd });
    expect(during.length).toBeGreaterThan(100);
    expect(new Set(during.map((r) => r.version))).toEqual(new Set(['v1', 'v2']));
    const all = traffic.log.query();
    expect(all.filter((r) => !r.podReady)).toEqual([]);
    expect(all.filter((r) => r.code !== 200)).toEqual([]);
    expect(new Set(traffic.log.query({ since: rolloutEnd + 100 }).map((r) => r.version))).toEqual(
      new Set(['v2']),
    );
  });

  test('the request log measures how long a faulty version was served', async () => {
    cluster = simulatedCluster();
    const { registry } = cluster;
    const services = registry.type('services');
    for (const [name, image] of [
      ['good', 'web:v1'],
      ['bad', 'web:v2-errors'],
    ] as const) {
      const d = deploymentManifest(name, image, 2);
      (
        d.spec as { template: { metadata: { labels: Record<string, string> } } }
      ).template.metadata.labels.app = name;
      cluster.createDeployment(d);
    }
    cluster.behaviours.set('v2-errors', { errorRate: 1 });
    const selectorTo = (app: string) => {
      const existing = registry.tryGet(services, 'default', 'web');
      const svc = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: 'default' },
        spec: { selector: { app }, ports: [{ port: 80 }] },
      };
      if (existing) registry.update(services, svc);
      else registry.create(services, svc);
    };
    selectorTo('good');
    traffic = new TrafficSimulator(registry, cluster.clock, cluster.behaviours, seededRandom(8), 50);
    await cluster.clock.advance(START_DELAY * 2);
    traffic.setTraffic({ namespace: 'default', service: 'web', rps: 100 });
    traffic.start();
    await cluster.clock.advance(500);
    selectorTo('bad');
    await cluster.clock.advance(3000);
    selectorTo('good');
    await cluster.clock.advance(1000);
    const failures = traffic.log.query().filter((r) => r.code === 503);
    const servedMs = failures[failures.length - 1]!.time - failures[0]!.time;
    expect(servedMs).toBeGreaterThanOrEqual(2800);
    expect(servedMs).toBeLessThanOrEqual(3000 + 2 * TICK);
    expect(failures.every((r) => r.version === 'v2-errors' && r.podReady)).toBe(true);
  });
});
