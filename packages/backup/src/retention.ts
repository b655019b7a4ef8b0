// Which backups to prune: keep the newest `count` and those younger than `days`, per backup name.
// Never the backup just made, never fewer than one per name.
import type { Manifest } from './manifest.js';

export interface RetentionPolicy {
  count?: number;
  days?: number;
}

export function selectForPrune(
  manifests: Manifest[],
  policy: RetentionPolicy,
  nowMs: number,
  keepId?: string,
): Manifest[] {
  if (policy.count === undefined && policy.days === undefined) return [];
  const byName = new Map<string, Manifest[]>();
  for (const m of manifests) byName.set(m.name, [...(byName.get(m.name) ?? []), m]);
  const doomed: Manifest[] = [];
  for (const group of byName.values()) {
    const newestFirst = [...group].sort(
      (a, b) => b.created.localeCompare(a.created) || b.id.localeCompare(a.id),
    );
    newestFirst.forEach((m, index) => {
      if (index === 0 || m.id === keepId) return;
      const tooMany = policy.count !== undefined && index >= policy.count;
      const tooOld = policy.days !== undefined && nowMs - Date.parse(m.created) > policy.days * 86_400_000;
      if (tooMany || tooOld) doomed.push(m);
    });
  }
  return doomed;
}
