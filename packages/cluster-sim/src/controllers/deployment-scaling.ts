// Scaling without rolling: a paused Deployment, or a change of `replicas` in the middle of a rollout
// (a "scaling event"). Mirrors the upstream controller's `scale`: one active ReplicaSet takes the
// whole count; a saturated new one leaves the old ones at zero; otherwise sizes change in proportion.
import { isPlainObject, type JsonObject, type KubeObject } from '../types.js';
import { surgeAndUnavailable } from './int-or-percent.js';
import { proportionalScale, type ScaledRs } from './rollout-math.js';

export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';

const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const replicasOf = (rs: KubeObject) => num((rs.spec as JsonObject | undefined)?.replicas);
const revisionOf = (rs: KubeObject) =>
  Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0) || 0;

/** True when an active ReplicaSet was sized for a different `replicas` than the Deployment has now. */
export function isScalingEvent(d: KubeObject, all: readonly KubeObject[]): boolean {
  const desired = String(num((d.spec as JsonObject).replicas));
  return all.some((rs) => {
    const annotated = rs.metadata.annotations?.[DESIRED_REPLICAS];
    return replicasOf(rs) > 0 && annotated !== undefined && annotated !== desired;
  });
}

function snapshot(rs: KubeObject): ScaledRs {
  const status = (isPlainObject(rs.status) ? rs.status : {}) as JsonObject;
  const max = Number(rs.metadata.annotations?.[MAX_REPLICAS]);
  return {
    name: rs.metadata.name!,
    replicas: replicasOf(rs),
    current: num(status.replicas),
    available: num(status.availableReplicas),
    order: revisionOf(rs),
    ...(Number.isFinite(max) && max > 0 ? { maxReplicas: max } : {}),
  };
}

/** New sizes by ReplicaSet name (only those that change need writing), or an empty map. */
export function scalingTargets(
  d: KubeObject,
  newRs: KubeObject | undefined,
  all: readonly KubeObject[],
): Map<string, number> {
  const spec = d.spec as JsonObject;
  const desired = num(spec.replicas);
  const active = all.filter((rs) => replicasOf(rs) > 0);
  if (active.length <= 1) {
    const latest = active[0] ?? newRs ?? [...all].sort((a, b) => revisionOf(b) - revisionOf(a))[0];
    return latest ? new Map([[latest.metadata.name!, desired]]) : new Map();
  }
  if (newRs) {
    const s = snapshot(newRs);
    if (
      s.replicas === desired &&
      newRs.metadata.annotations?.[DESIRED_REPLICAS] === String(desired) &&
      s.available === desired
    ) {
      return new Map(
        active.filter((rs) => rs.metadata.uid !== newRs.metadata.uid).map((rs) => [rs.metadata.name!, 0]),
      );
    }
  }
  const strategy = (spec.strategy ?? {}) as JsonObject;
  if (strategy.type === 'Recreate') return new Map();
  const params = { desired, ...surgeAndUnavailable(strategy, desired) };
  const statusReplicas = num((d.status as JsonObject | undefined)?.replicas);
  const snaps = active.map(snapshot).sort((a, b) => b.order - a.order);
  return proportionalScale(snaps, params, statusReplicas);
}
