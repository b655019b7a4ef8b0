// Applies a retention policy: the manifest goes first (the backup leaves `list` at once), then the data.
import type { Logger } from '@deploy-actions/action-kit';
import { listBackups } from './catalog.js';
import { manifestKey, type Manifest } from './manifest.js';
import { selectForPrune, type RetentionPolicy } from './retention.js';
import type { BackupStore } from './storage/store.js';

export async function pruneBackups(
  store: BackupStore,
  policy: RetentionPolicy,
  options: { nowMs: number; keepId?: string; name?: string; log: Logger },
): Promise<Manifest[]> {
  const all = await listBackups(store, { name: options.name, log: options.log });
  const doomed = selectForPrune(all, policy, options.nowMs, options.keepId);
  for (const m of doomed) {
    await store.remove(manifestKey(m.id));
    await store.remove(m.key);
    options.log.info(`pruned ${m.id} (created ${m.created})`);
  }
  return doomed;
}
