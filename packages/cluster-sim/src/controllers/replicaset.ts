// The ReplicaSet controller: keeps `spec.replicas` pods from the template and reports their status.
import type { Clock } from '@deploy-actions/action-kit';
import type { Registry } from '../store/registry.js';
import { deepClone, isPlainObject, type JsonObject, type KubeObject } from '../types.js';
import type { EventRecorder } from './events.js';
import { controllerRef, isControlledBy } from './owner.js';
import { isPodReady, podPhase, type PodRuntime } from './pod-runtime.js';

export class ReplicaSetController {
  constructor(
    private readonly registry: Registry,
    private readonly clock: Clock,
    private readonly runtime: PodRuntime,
    private readonly events?: EventRecorder,
  ) {}

  sync(): void {
    for (const rs of this.registry.list(this.registry.type('replicasets', 'apps')).items) this.syncOne(rs);
  }

  private ownedPods(rs: KubeObject): KubeObject[] {
    const pods = this.registry.list(this.registry.type('pods'), { namespace: rs.metadata.namespace }).items;
    return pods.filter((p) => isControlledBy(p, rs) && podPhase(p) !== 'Succeeded' && podPhase(p) !== 'Failed');
  }

  syncOne(rs: KubeObject): void {
    const spec = rs.spec as JsonObject;
    const want = typeof spec.replicas === 'number' ? spec.replicas : 1;
    let pods = this.ownedPods(rs);
    if (pods.length < want) {
      for (let i = pods.length; i < want; i++) this.createPod(rs);
    } else if (pods.length > want) {
      for (const pod of deletionOrder(pods).slice(0, pods.length - want)) {
        this.registry.delete(this.registry.type('pods'), pod.metadata.namespace, pod.metadata.name!);
        this.events?.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, 'replicaset-controller');
      }
    }
    pods = this.ownedPods(rs);
    this.writeStatus(rs, pods);
  }

  private createPod(rs: KubeObject): void {
    const template = deepClone((rs.spec as JsonObject).template) as JsonObject;
    const meta = (isPlainObject(template.metadata) ? template.metadata : {}) as JsonObject;
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        ...meta,
        generateName: `${rs.metadata.name}-`,
        namespace: rs.metadata.namespace,
        ownerReferences: [controllerRef(rs)],
      },
      spec: template.spec,
    };
    const created = this.registry.create(this.registry.type('pods'), pod, { manager: 'kube-controller-manager' });
    this.events?.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, 'replicaset-controller');
  }

  private writeStatus(rs: KubeObject, pods: KubeObject[]): void {
    const spec = rs.spec as JsonObject;
    const minReady = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
    const now = this.clock.now();
    const templateLabels = isPlainObject(spec.template) && isPlainObject(spec.template.metadata) ? (spec.template.metadata.labels as Record<string, string> | undefined) : undefined;
    const fullyLabeled = pods.filter((p) => Object.entries(templateLabels ?? {}).every(([k, v]) => p.metadata.labels?.[k] === v));
    const status: JsonObject = {
      replicas: pods.length,
      fullyLabeledReplicas: fullyLabeled.length,
      readyReplicas: pods.filter(isPodReady).length,
      availableReplicas: pods.filter((p) => this.runtime.isAvailable(p, minReady, now)).length,
      observedGeneration: rs.metadata.generation,
    };
    for (const key of ['readyReplicas', 'availableReplicas', 'fullyLabeledReplicas'] as const) if (status[key] === 0) delete status[key];
    this.registry.update(this.registry.type('replicasets', 'apps'), { ...rs, status }, { manager: 'kube-controller-manager', subresource: 'status' });
  }
}

/** Pods to remove first: unscheduled, then pending, then not ready, then the newest. */
function deletionOrder(pods: KubeObject[]): KubeObject[] {
  const rank = (p: KubeObject) => (podPhase(p) === 'Pending' ? 0 : !isPodReady(p) ? 1 : 2);
  return [...pods].sort((a, b) => rank(a) - rank(b) || String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)) || String(b.metadata.name).localeCompare(String(a.metadata.name)));
}
