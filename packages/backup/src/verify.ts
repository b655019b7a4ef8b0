// verify: checks a stored backup without touching a database — size and sha256 against the
// manifest, then decryption, decompression to the end, and the engine's structure check.
import { createReadStream } from 'node:fs';
import type { Logger } from '@deploy-actions/action-kit';
import { decodeStages, fetchChecked, type LocalBackup } from './decode.js';
import type { StructureChecker } from './drivers/driver.js';
import { BackupError } from './errors.js';
import type { Manifest } from './manifest.js';
import type { DecryptionKeys } from './pipeline/age.js';
import { Sniffer } from './pipeline/measure.js';
import { mostTelling, runPipeline } from './pipeline/run.js';
import type { BackupStore } from './storage/store.js';

export interface VerifyOptions {
  store: BackupStore;
  manifest: Manifest;
  keys?: DecryptionKeys;
  structure: StructureChecker;
  tempDir: string;
  log: Logger;
  signal?: AbortSignal;
}

/** Verifies and returns the local copy (the caller cleans it up); restore streams from it next. */
export async function verifyToLocal(options: VerifyOptions): Promise<LocalBackup> {
  const { manifest, store, log } = options;
  const local = await fetchChecked(store, manifest, options.tempDir, options.signal);
  try {
    log.info(`backup ${manifest.id}: sha256 ${manifest.sha256} matches`);
    await decodeAndCheck(local.path, options);
    log.info(
      `backup ${manifest.id}: decodes to a complete ${manifest.engine} dump of ${manifest.dumpBytes} bytes`,
    );
    return local;
  } catch (err) {
    await local.cleanup();
    throw err;
  }
}

export async function verifyBackup(options: VerifyOptions): Promise<void> {
  const local = await verifyToLocal(options);
  await local.cleanup();
}

async function decodeAndCheck(path: string, options: VerifyOptions): Promise<void> {
  const { manifest, structure } = options;
  const sniffer = new Sniffer();
  const sink = structure.sink();
  const streams = [
    createReadStream(path, { highWaterMark: 1024 * 1024 }),
    ...(await decodeStages(manifest, options.keys)),
    sniffer,
    sink,
  ];
  try {
    await runPipeline(streams, options.signal);
  } catch (err) {
    const structureError = await structure.done().then(
      () => undefined,
      (e: unknown) => e,
    );
    // The structure checker quitting early surfaces upstream as EPIPE: its own error says more.
    throw describeDecodeFailure(structureError ? mostTelling([err, structureError]) : err, manifest);
  }
  await structure.done();
  structure.check({ head: sniffer.head(), tail: sniffer.tail(), bytes: sniffer.bytes });
  if (sniffer.bytes !== manifest.dumpBytes) {
    throw new BackupError(
      `backup ${manifest.id} decodes to ${sniffer.bytes} bytes, the manifest says ${manifest.dumpBytes}`,
    );
  }
}

/** zlib errors (`unexpected end of file`, `incorrect header check`) become a BackupError naming the backup. */
export function describeDecodeFailure(err: unknown, manifest: Manifest): unknown {
  const code = (err as { code?: string } | undefined)?.code ?? '';
  if (code.startsWith('Z_') || /zstd/.test((err as Error)?.message ?? '')) {
    return new BackupError(
      `backup ${manifest.id} does not decompress (${manifest.compression}): ${(err as Error).message}`,
      { cause: err },
    );
  }
  return err;
}
