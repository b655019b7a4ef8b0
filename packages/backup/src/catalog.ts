// Lists the backups in a store (one manifest per backup) and resolves `latest`.
import type { Logger } from '@deploy-actions/action-kit';
import { ConfigurationError } from '@deploy-actions/action-kit';
import { manifestKey, MANIFEST_SUFFIX, parseManifest, type Manifest } from './manifest.js';
import type { BackupStore } from './storage/store.js';

/** Every readable manifest, newest first; unreadable ones are skipped with a warning. */
export async function listBackups(
  store: BackupStore,
  options: { name?: string; log?: Logger } = {},
): Promise<Manifest[]> {
  const keys = (await store.list()).filter((k) => k.endsWith(MANIFEST_SUFFIX));
  const manifests: Manifest[] = [];
  for (const key of keys) {
    const text = await store.readText(key);
    if (text === undefined) continue;
    try {
      manifests.push(parseManifest(text, store.uriOf(key)));
    } catch (err) {
      options.log?.warning(`skipping ${store.uriOf(key)}: ${(err as Error).message}`);
    }
  }
  return manifests
    .filter((m) => options.name === undefined || m.name === options.name)
    .sort((a, b) => b.created.localeCompare(a.created) || b.id.localeCompare(a.id));
}

/** The manifest for `id`, where `latest` is the newest backup (of `name` when given). */
export async function resolveBackup(store: BackupStore, id: string, name?: string): Promise<Manifest> {
  if (id === 'latest') {
    const [newest] = await listBackups(store, { name });
    if (!newest) throw new ConfigurationError(`no backups${name ? ` named ${name}` : ''} in ${store.uri}`);
    return newest;
  }
  const key = manifestKey(id);
  const text = await store.readText(key);
  if (text === undefined)
    throw new ConfigurationError(`backup ${id} not found: there is no ${store.uriOf(key)}`);
  const manifest = parseManifest(text, store.uriOf(key));
  if (manifest.id !== id)
    throw new ConfigurationError(`manifest ${store.uriOf(key)} names backup ${manifest.id}, not ${id}`);
  return manifest;
}
