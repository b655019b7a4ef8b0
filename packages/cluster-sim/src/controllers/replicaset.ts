// The ReplicaSet controller: keeps `spec.replicas` pods from the template and reports their status.
import type { Clock } from '@deploy-actions/action-kit';
import { semanticEqual } from '../store/canonical.js';
import type { Registry } from '../store/registry.js';
import { deepClone, isPlainObject, type JsonObject, type KubeObject } from '../types.js';
import type { EventRecorder } from './events.js';
import { adoptOrphans, controllerRef, isControlledBy } from './owner.js';
import { fromLabelSelectorObject } from '../store/selectors.js';
import { isPodReady, podPhase, type PodRuntime } from './pod-runtime.js';

export class ReplicaSetController {
  constructor(
    private readonly registry: Registry,
    private readonly clock: Clock,
    private readonly runtime: PodRuntime,
    private readonly events?: EventRecorder,
  ) {}

  sync(): void {
    // One listing of pods per pass, grouped by controller: a listing per ReplicaSet is quadratic.
    const byOwner = new Map<string, KubeObject[]>();
    const orphans: KubeObject[] = [];
    for (const pod of this.registry.scan(this.registry.type('pods'))) {
      const owner = pod.metadata.ownerReferences?.find((r) => r.controller === true)?.uid;
      // Terminating pods no longer count: the ReplicaSet replaces them at once, as upstream does.
      if (pod.metadata.deletionTimestamp || podPhase(pod) === 'Succeeded' || podPhase(pod) === 'Failed')
        continue;
      if (!owner) {
        orphans.push(pod);
        continue;
      }
      if (!byOwner.has(owner)) byOwner.set(owner, []);
      byOwner.get(owner)!.push(pod);
    }
    for (const rs of this.registry.scan(this.registry.type('replicasets', 'apps'))) {
      const selector = fromLabelSelectorObject((rs.spec as JsonObject).selector);
      const adopted = orphans.length
        ? adoptOrphans(this.registry, this.registry.type('pods'), rs, orphans, selector)
        : [];
      for (const pod of adopted)
        orphans.splice(
          orphans.findIndex((o) => o.metadata.uid === pod.metadata.uid),
          1,
        );
      this.syncOne(rs, [...(byOwner.get(rs.metadata.uid!) ?? []), ...adopted]);
    }
  }

  private syncOne(rs: KubeObject, owned: KubeObject[]): void {
    const spec = rs.spec as JsonObject;
    const want = typeof spec.replicas === 'number' ? spec.replicas : 1;
    let pods = owned.filter((p) => isControlledBy(p, rs));
    if (pods.length < want) {
      for (let i = pods.length; i < want; i++) pods.push(this.createPod(rs));
    } else if (pods.length > want) {
      const doomed = deletionOrder(pods).slice(0, pods.length - want);
      for (const pod of doomed) {
        this.registry.delete(this.registry.type('pods'), pod.metadata.namespace, pod.metadata.name!);
        this.events?.record(
          rs,
          'Normal',
          'SuccessfulDelete',
          `Deleted pod: ${pod.metadata.name}`,
          'replicaset-controller',
        );
      }
      pods = pods.filter((p) => !doomed.includes(p));
    }
    this.writeStatus(rs, pods);
  }

  private createPod(rs: KubeObject): KubeObject {
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
    const created = this.registry.create(this.registry.type('pods'), pod, {
      manager: 'kube-controller-manager',
    });
    this.events?.record(
      rs,
      'Normal',
      'SuccessfulCreate',
      `Created pod: ${created.metadata.name}`,
      'replicaset-controller',
    );
    return created;
  }

  private writeStatus(rs: KubeObject, pods: KubeObject[]): void {
    const spec = rs.spec as JsonObject;
    const minReady = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
    const now = this.clock.now();
    const templateLabels =
      isPlainObject(spec.template) && isPlainObject(spec.template.metadata)
        ? (spec.template.metadata.labels as Record<string, string> | undefined)
        : undefined;
    const fullyLabeled = pods.filter((p) =>
      Object.entries(templateLabels ?? {}).every(([k, v]) => p.metadata.labels?.[k] === v),
    );
    const status: JsonObject = {
      replicas: pods.length,
      fullyLabeledReplicas: fullyLabeled.length,
      readyReplicas: pods.filter(isPodReady).length,
      availableReplicas: pods.filter((p) => this.runtime.isAvailable(p, minReady, now)).length,
      observedGeneration: rs.metadata.generation,
    };
    for (const key of ['readyReplicas', 'availableReplicas', 'fullyLabeledReplicas'] as const)
      if (status[key] === 0) delete status[key];
    if (semanticEqual(rs.status, status)) return;
    this.registry.update(
      this.registry.type('replicasets', 'apps'),
      { ...rs, status },
      { manager: 'kube-controller-manager', subresource: 'status' },
    );
  }
}

/** Pods to remove first: unscheduled, then pending, then not ready, then the newest. */
function deletionOrder(pods: KubeObject[]): KubeObject[] {
  const rank = (p: KubeObject) => (podPhase(p) === 'Pending' ? 0 : !isPodReady(p) ? 1 : 2);
  return [...pods].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)) ||
      String(b.metadata.name).localeCompare(String(a.metadata.name)),
  );
}
