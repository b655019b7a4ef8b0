// Picks the driver for a database URL's engine, and the verify-time structure check for a manifest.
import type { Logger } from '@deploy-actions/action-kit';
import type { DatabaseTarget } from '../database-url.js';
import type { Manifest } from '../manifest.js';
import type { DumpDriver, StructureChecker } from './driver.js';
import { validateDumpArgs } from './dump-args.js';
import { checkSqlDump, MysqlDriver } from './mysql.js';
import type { PgClientCache } from './pg-client-cache.js';
import { defaultPgSearchDirs } from './pg-client.js';
import { pgStructureChecker, PostgresDriver } from './postgres.js';
import { Writable } from 'node:stream';

export interface DriverSettings {
  log: Logger;
  tempDir: string;
  dumpArgs?: string;
  env?: NodeJS.ProcessEnv;
  pgSearchDirs?: string[];
  pgClientCache?: PgClientCache;
  lockWaitTimeoutMs?: number;
  /** Cancels the driver's own queries (the dump and restore take their own signal). */
  signal?: AbortSignal;
}

export function openDriver(target: DatabaseTarget, settings: DriverSettings): DumpDriver {
  const dumpArgs = validateDumpArgs(target.engine, settings.dumpArgs);
  if (target.engine === 'postgres') {
    return new PostgresDriver({
      target,
      dumpArgs,
      log: settings.log,
      env: settings.env,
      searchDirs: settings.pgSearchDirs ?? defaultPgSearchDirs(settings.env),
      clientCache: settings.pgClientCache,
      lockWaitTimeoutMs: settings.lockWaitTimeoutMs,
      signal: settings.signal,
    });
  }
  return new MysqlDriver({
    target,
    dumpArgs,
    log: settings.log,
    tempDir: settings.tempDir,
    env: settings.env,
    signal: settings.signal,
  });
}

export async function structureCheckerFor(
  manifest: Manifest,
  settings: Pick<DriverSettings, 'env' | 'pgSearchDirs'>,
): Promise<StructureChecker> {
  if (manifest.engine === 'postgres')
    return pgStructureChecker(manifest.tools, settings.pgSearchDirs ?? defaultPgSearchDirs(settings.env));
  return {
    sink: () => new Writable({ write: (_chunk, _enc, callback) => callback() }),
    done: async () => undefined,
    check: checkSqlDump,
  };
}
