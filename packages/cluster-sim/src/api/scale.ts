// The `/scale` subresource of Deployments and ReplicaSets (autoscaling/v1 Scale).
import { fromLabelSelectorObject, labelSelectorToString } from '../store/selectors.js';
import { isPlainObject, type JsonObject, type KubeObject } from '../types.js';
import type { ApiContext } from './context.js';
import type { ResourceTarget } from './router.js';
import { errors } from './status.js';

export function scaleOf(obj: KubeObject): JsonObject {
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  const status = isPlainObject(obj.status) ? obj.status : {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: {
      replicas: status.replicas ?? 0,
      selector: labelSelectorToString(fromLabelSelectorObject(spec.selector)),
    },
  };
}

export function getScale(ctx: ApiContext, target: ResourceTarget): JsonObject {
  return scaleOf(ctx.registry.get(target.type, target.namespace, target.name!));
}

export function updateScale(
  ctx: ApiContext,
  target: ResourceTarget,
  scale: KubeObject,
  manager: string,
): JsonObject {
  const existing = ctx.registry.get(target.type, target.namespace, target.name!);
  const rv = scale.metadata?.resourceVersion;
  if (rv && rv !== existing.metadata.resourceVersion)
    throw errors.conflict(target.type.resource, target.type.group, target.name!);
  const replicas = isPlainObject(scale.spec) ? scale.spec.replicas : undefined;
  if (typeof replicas !== 'number' || replicas < 0 || !Number.isInteger(replicas)) {
    throw errors.invalid('Scale', 'autoscaling', target.name!, [
      { field: 'spec.replicas', message: 'Invalid value: must be a non-negative integer' },
    ]);
  }
  (existing.spec as JsonObject).replicas = replicas;
  return scaleOf(ctx.registry.update(target.type, existing, { manager }));
}
