// startClusterSim on a ManualClock: the API answers at once while controllers and traffic only move
// when the test advances time.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ManualClock } from '@deploy-actions/action-kit';
import { startClusterSim, type ClusterSim } from '../src/index.js';

describe('startClusterSim with a ManualClock', () => {
  const clock = new ManualClock(Date.UTC(2026, 5, 1));
  let sim: ClusterSim;
  beforeAll(async () => {
    sim = await startClusterSim({ clock, tls: false, tickMs: 100, podStartDelayMs: 5000, seed: 3 });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${sim.token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as {
      status?: { readyReplicas?: number };
      metadata: { creationTimestamp: string };
    };
  };

  test('pods become ready only when simulated time passes the start delay', async () => {
    const labels = { app: 'web' };
    const created = await api('POST', '/apis/apps/v1/namespaces/default/deployments', {
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'web:1' }] } },
      },
    });
    expect(created.metadata.creationTimestamp).toBe('2026-06-01T00:00:00Z');
    await clock.advance(4000);
    expect(
      (await api('GET', '/apis/apps/v1/namespaces/default/deployments/web')).status?.readyReplicas,
    ).toBeUndefined();
    await clock.advance(1500);
    expect((await api('GET', '/apis/apps/v1/namespaces/default/deployments/web')).status?.readyReplicas).toBe(
      2,
    );
  });
});
