// Test helpers: a registry + controllers on a ManualClock, and Deployment manifests.
import { ManualClock } from '@deploy-actions/action-kit';
import { Behaviours } from '../src/controllers/behaviour.js';
import { ControllerManager } from '../src/controllers/manager.js';
import { seededRandom } from '../src/random.js';
import { Registry } from '../src/store/registry.js';
import type { JsonObject, KubeObject } from '../src/types.js';

export const TICK = 100;
export const START_DELAY = 1000;

export function simulatedCluster(options: { podTerminationMs?: number } = {}) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const registry = new Registry(clock, seededRandom(1), options.podTerminationMs ?? 0);
  const behaviours = new Behaviours();
  const controllers = new ControllerManager(registry, clock, behaviours, {
    tickMs: TICK,
    podStartDelayMs: START_DELAY,
  });
  controllers.start();
  const deployments = registry.type('deployments', 'apps');
  const replicaSets = registry.type('replicasets', 'apps');
  const pods = registry.type('pods');
  return {
    clock,
    registry,
    behaviours,
    controllers,
    getDeployment: (name: string) => registry.get(deployments, 'default', name),
    replicaSets: () => registry.list(replicaSets, { namespace: 'default' }).items,
    pods: () => registry.list(pods, { namespace: 'default' }).items,
    createDeployment: (d: KubeObject) => registry.create(deployments, d),
    updateDeployment: (name: string, change: (d: KubeObject & { spec: JsonObject }) => void) => {
      const d = registry.get(deployments, 'default', name) as KubeObject & { spec: JsonObject };
      change(d);
      return registry.update(deployments, d);
    },
  };
}

export function deploymentManifest(
  name: string,
  image: string,
  replicas: number,
  strategy?: JsonObject,
  extra: JsonObject = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
      ...(strategy ? { strategy } : {}),
      ...extra,
    },
  };
}

export function setImage(d: KubeObject & { spec: JsonObject }, image: string): void {
  const template = d.spec.template as { spec: { containers: Array<{ image: string }> } };
  template.spec.containers[0]!.image = image;
}

export const status = (o: KubeObject) => (o.status ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- status JSON in assertions
export const isReady = (p: KubeObject) =>
  ((status(p).conditions ?? []) as Array<{ type: string; status: string }>).some(
    (c) => c.type === 'Ready' && c.status === 'True',
  );
