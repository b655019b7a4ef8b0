// Controller ownerReferences: who controls an object, and the reference a controller stamps on what it creates.
import type { ResourceType } from '../api/resources.js';
import type { Registry } from '../store/registry.js';
import { matchesLabels, type LabelSelector } from '../store/selectors.js';
import type { KubeObject, OwnerReference } from '../types.js';

export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion!,
    kind: owner.kind!,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  return (obj.metadata.ownerReferences ?? []).some(
    (r) => r.controller === true && r.uid === owner.metadata.uid,
  );
}

/**
 * Orphans (no controller reference) whose labels match `selector` are adopted by `owner`, as the
 * upstream controllers do; returns the adopted objects as stored afterwards.
 */
export function adoptOrphans(
  registry: Registry,
  type: ResourceType,
  owner: KubeObject,
  candidates: readonly KubeObject[],
  selector: LabelSelector,
): KubeObject[] {
  if (selector.length === 0 || owner.metadata.deletionTimestamp) return [];
  const adopted: KubeObject[] = [];
  for (const obj of candidates) {
    if (obj.metadata.namespace !== owner.metadata.namespace || obj.metadata.deletionTimestamp) continue;
    if ((obj.metadata.ownerReferences ?? []).some((r) => r.controller === true)) continue;
    if (!matchesLabels(selector, obj.metadata.labels)) continue;
    const copy = registry.get(type, obj.metadata.namespace, obj.metadata.name!);
    if ((copy.metadata.ownerReferences ?? []).some((r) => r.controller === true)) continue; // adopted earlier in this pass
    copy.metadata.ownerReferences = [...(copy.metadata.ownerReferences ?? []), controllerRef(owner)];
    adopted.push(registry.update(type, copy, { manager: 'kube-controller-manager' }));
  }
  return adopted;
}
