// maxSurge / maxUnavailable: an integer or a percentage of the desired replicas.

export function resolveIntOrPercent(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const m = /^(\d+)%$/.exec(value.trim());
    if (m) {
      const exact = (Number(m[1]) * total) / 100;
      return roundUp ? Math.ceil(exact) : Math.floor(exact);
    }
    const n = Number(value);
    if (Number.isInteger(n)) return n;
  }
  return 0;
}

/** Resolved surge and unavailability; both zero is not allowed, so unavailability becomes 1. */
export function surgeAndUnavailable(
  strategy: unknown,
  replicas: number,
): { maxSurge: number; maxUnavailable: number } {
  const ru =
    typeof strategy === 'object' && strategy !== null
      ? (strategy as { rollingUpdate?: { maxSurge?: unknown; maxUnavailable?: unknown } }).rollingUpdate
      : undefined;
  const maxSurge = resolveIntOrPercent(ru?.maxSurge ?? '25%', replicas, true);
  let maxUnavailable = resolveIntOrPercent(ru?.maxUnavailable ?? '25%', replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, replicas) };
}
