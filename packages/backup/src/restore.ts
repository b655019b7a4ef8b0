// restore: always verifies first (checksum, decryption, decompression, structure), then streams
// the plain dump into pg_restore / mariadb and counts what arrived.
import { createReadStream } from 'node:fs';
import { ConfigurationError } from '@deploy-actions/action-kit';
import { decodeStages } from './decode.js';
import type { DumpDriver, RestoreCounts } from './drivers/driver.js';
import { BackupError } from './errors.js';
import { processSink, ProcessFailed } from './process.js';
import { mostTelling, runPipeline } from './pipeline/run.js';
import { verifyToLocal, type VerifyOptions } from './verify.js';

export interface RestoreOptions extends VerifyOptions {
  driver: DumpDriver;
  clean: boolean;
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreCounts> {
  const { manifest, driver, log } = options;
  if (manifest.engine !== driver.engine) {
    throw new ConfigurationError(
      `backup ${manifest.id} is a ${manifest.engine} backup; it cannot be restored into ${driver.engine}`,
    );
  }
  const local = await verifyToLocal(options);
  try {
    const abort = new AbortController();
    const onAbort = () => abort.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const proc = await driver.startRestore(options.clean, manifest.tools, abort.signal);
    log.info(`restoring ${manifest.id} into ${driver.engine} database ${driver.database}`);
    try {
      const streams = [
        createReadStream(local.path, { highWaterMark: 1024 * 1024 }),
        ...(await decodeStages(manifest, options.keys)),
        processSink(proc),
      ];
      await runPipeline(streams, abort.signal).catch(async (err: unknown) => {
        const clientError = await proc.done.then(
          () => undefined,
          (e: unknown) => e,
        );
        throw clientError ? mostTelling([err, clientError]) : err;
      });
      await proc.done;
    } catch (err) {
      proc.kill();
      const rolledBack =
        driver.engine === 'postgres'
          ? ' (single transaction: nothing was changed)'
          : ' (the database may be partly restored)';
      if (err instanceof ProcessFailed)
        throw new BackupError(`restore of ${manifest.id} failed${rolledBack}: ${err.message}`, {
          cause: err,
        });
      throw err;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    return await driver.count();
  } finally {
    await local.cleanup();
  }
}
