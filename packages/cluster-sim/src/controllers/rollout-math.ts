// The replica arithmetic of the Deployment strategies (rolling update and recreate), on a plain
// snapshot of ReplicaSets so it can be tested on its own. Mirrors the upstream controller's rules.

export interface RsSnapshot {
  name: string;
  /** spec.replicas */
  replicas: number;
  /** status.replicas: pods that exist */
  current: number;
  /** status.availableReplicas */
  available: number;
  /** Creation order: older first. */
  order: number;
}

export interface RollingParams {
  desired: number;
  maxSurge: number;
  maxUnavailable: number;
}

const sum = (list: RsSnapshot[], f: (r: RsSnapshot) => number) => list.reduce((n, r) => n + f(r), 0);

/** New replica count for the new ReplicaSet. */
export function rollingScaleUp(newRs: RsSnapshot, old: RsSnapshot[], p: RollingParams): number {
  if (newRs.replicas >= p.desired) return p.desired;
  const allPods = newRs.replicas + sum(old, (r) => r.replicas);
  const maxTotal = p.desired + p.maxSurge;
  if (allPods >= maxTotal) return newRs.replicas;
  return newRs.replicas + Math.min(maxTotal - allPods, p.desired - newRs.replicas);
}

/** New replica counts for the old ReplicaSets (by name): unhealthy replicas first, then available ones down to the floor. */
export function rollingScaleDown(
  newRs: RsSnapshot,
  old: RsSnapshot[],
  p: RollingParams,
): Map<string, number> {
  const result = new Map(old.map((r) => [r.name, r.replicas]));
  const allPods = newRs.replicas + sum(old, (r) => r.replicas);
  const minAvailable = p.desired - p.maxUnavailable;
  const newUnavailable = Math.max(0, newRs.replicas - newRs.available);
  let budget = allPods - minAvailable - newUnavailable;
  if (budget <= 0) return result;
  const sorted = [...old].sort((a, b) => a.order - b.order);
  for (const rs of sorted) {
    if (budget <= 0) break;
    const unhealthy = Math.max(0, rs.replicas - rs.available);
    const cut = Math.min(budget, unhealthy);
    if (cut > 0) {
      result.set(rs.name, rs.replicas - cut);
      budget -= cut;
    }
  }
  const available = newRs.available + sum(old, (r) => Math.min(r.available, result.get(r.name)!));
  let toScaleDown = available - minAvailable;
  for (const rs of sorted) {
    if (toScaleDown <= 0) break;
    const now = result.get(rs.name)!;
    const cut = Math.min(now, toScaleDown);
    if (cut > 0) {
      result.set(rs.name, now - cut);
      toScaleDown -= cut;
    }
  }
  return result;
}

/** Recreate: old ReplicaSets go to zero; the new one scales up only once no old pod exists. */
export function recreatePlan(
  newRs: RsSnapshot | undefined,
  old: RsSnapshot[],
  desired: number,
): { old: Map<string, number>; newReplicas: number } {
  const oldPods = sum(old, (r) => Math.max(r.replicas, r.current));
  return {
    old: new Map(old.map((r) => [r.name, 0])),
    newReplicas: oldPods > 0 ? (newRs?.replicas ?? 0) : desired,
  };
}

export interface ScaledRs extends RsSnapshot {
  /** The `deployment.kubernetes.io/max-replicas` annotation, when present. */
  maxReplicas?: number;
}

/**
 * A scaling event during a rollout (or on a paused Deployment): the replicas to add or remove are
 * shared among the active ReplicaSets in proportion to their size, as the upstream controller does;
 * leftovers go to the largest. `active` is ordered newest first by the caller.
 */
export function proportionalScale(
  active: ScaledRs[],
  p: RollingParams,
  statusReplicas: number,
): Map<string, number> {
  const total = active.reduce((n, r) => n + r.replicas, 0);
  const allowedSize = p.desired > 0 ? p.desired + p.maxSurge : 0;
  const toAdd = allowedSize - total;
  // Largest first; on a tie, newer first when growing and older first when shrinking.
  const ordered = [...active].sort(
    (a, b) => b.replicas - a.replicas || (toAdd > 0 ? b.order - a.order : a.order - b.order),
  );
  const sizes = new Map<string, number>();
  let added = 0;
  for (const rs of ordered) {
    let proportion = 0;
    if (rs.replicas > 0 && toAdd !== 0 && toAdd !== added) {
      const fraction =
        p.desired === 0
          ? -rs.replicas
          : Math.round(
              (rs.replicas * (p.desired + p.maxSurge)) / (rs.maxReplicas ?? (statusReplicas || total)),
            ) - rs.replicas;
      const allowed = toAdd - added;
      proportion = toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }
    sizes.set(rs.name, rs.replicas + proportion);
    added += proportion;
  }
  const largest = ordered[0];
  if (largest && toAdd !== 0) sizes.set(largest.name, Math.max(0, sizes.get(largest.name)! + toAdd - added));
  return sizes;
}
