// Keeps the PostgreSQL client tools a backup found in the runner's tool cache, so the next job on
// the same runner looks there first (cheap on self-hosted runners that keep their cache).
import type { Logger, ToolCache } from '@deploy-actions/action-kit';
import type { PgClient } from './pg-client.js';

export const PG_CLIENT_TOOL = 'postgresql-client';

export interface PgClientCache {
  /** Cached client directories, newest first: searched before the system's. */
  dirs(): Promise<string[]>;
  /** Caches a client picked from elsewhere; failures are warnings, never a failed backup. */
  remember(client: PgClient): Promise<void>;
}

export function pgClientCache(cache: ToolCache, log: Logger): PgClientCache {
  let cached: string[] | undefined;
  const dirs = async () => (cached ??= (await cache.findAll(PG_CLIENT_TOOL)).map((c) => c.dir));
  return {
    dirs,
    async remember(client) {
      if ((await dirs()).includes(client.dir)) return;
      try {
        const dir = await cache.cacheDir(client.dir, PG_CLIENT_TOOL, semver(client.version));
        log.info(`cached PostgreSQL client ${client.version} in the runner tool cache (${dir})`);
      } catch (err) {
        log.warning(
          `could not cache the PostgreSQL client tools: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    },
  };
}

/** `15.18 (Debian 15.18-0+deb12u1)` → `15.18.0`: the tool cache keys on semantic versions. */
export function semver(version: string): string {
  const [major = '0', minor = '0', patch = '0'] = (/^\d+(\.\d+){0,2}/.exec(version)?.[0] ?? '0').split('.');
  return `${major}.${minor}.${patch}`;
}
