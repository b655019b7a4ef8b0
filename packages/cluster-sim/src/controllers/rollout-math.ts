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
export function rollingScaleDown(newRs: RsSnapshot, old: RsSnapshot[], p: RollingParams): Map<string, number> {
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
export function recreatePlan(newRs: RsSnapshot | undefined, old: RsSnapshot[], desired: number): { old: Map<string, number>; newReplicas: number } {
  const oldPods = sum(old, (r) => Math.max(r.replicas, r.current));
  return { old: new Map(old.map((r) => [r.name, 0])), newReplicas: oldPods > 0 ? (newRs?.replicas ?? 0) : desired };
}
