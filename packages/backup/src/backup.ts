// One backup: dump → (sniff + gate) → compress → age encrypt → sha256 → store, then the manifest,
// written last. Any failing stage aborts the upload, so no final object and no manifest remain.
import { ActionError, type Clock, type Logger } from '@deploy-actions/action-kit';
import { makeBackupId, objectKey } from './backup-id.js';
import type { DumpDriver } from './drivers/driver.js';
import { BackupError } from './errors.js';
import { manifestKey, serializeManifest, type Manifest } from './manifest.js';
import { encryptStage, type EncryptionSettings } from './pipeline/age.js';
import { compressStage, type Compression } from './pipeline/compression.js';
import { EndGate } from './pipeline/gate.js';
import { HashCounter, Sniffer } from './pipeline/measure.js';
import { mostTelling, runPipeline } from './pipeline/run.js';
import type { BackupStore } from './storage/store.js';
import { ProcessFailed } from './process.js';

export interface BackupMetadata {
  gitSha?: string;
  runId?: string;
  repository?: string;
  environment?: string;
}

export interface BackupOptions {
  driver: DumpDriver;
  store: BackupStore;
  name: string;
  compression: Compression;
  encryption: EncryptionSettings;
  metadata: BackupMetadata;
  clock: Clock;
  log: Logger;
  signal?: AbortSignal;
  /** Lower scrypt cost for tests only (age's default is 18). */
  scryptLogN?: number;
}

export async function createBackup(options: BackupOptions): Promise<Manifest> {
  const { driver, store, clock, log } = options;
  const started = clock.now();
  const server = await driver.inspect();
  for (const warning of server.warnings) log.warning(warning);
  const id = makeBackupId(options.name, started);
  const key = objectKey(id, driver.extension, options.compression, options.encryption.kind === 'age');
  log.info(`backing up ${driver.engine} ${server.version} to ${store.uriOf(key)}`);

  // Two scopes: a failed upload stops the dump; a failed dump destroys the upload's body stream,
  // which fails the upload by itself (and lets it report its own error when it failed first).
  const abort = new AbortController();
  const uploadAbort = new AbortController();
  const stop = () => {
    abort.abort(options.signal?.reason);
    uploadAbort.abort(options.signal?.reason);
  };
  options.signal?.addEventListener('abort', stop, { once: true });
  const dump = driver.startDump(abort.signal);
  const sniffer = new Sniffer();
  const gate = new EndGate(async () => {
    await dump.done;
    driver.checkDump({ head: sniffer.head(), tail: sniffer.tail(), bytes: sniffer.bytes });
  });
  const hash = new HashCounter();
  const stages = [dump.stdout, sniffer, gate, compressStage(options.compression)];
  if (options.encryption.kind === 'age') stages.push(encryptStage(options.encryption, options.scryptLogN));
  try {
    // Wait for both sides to settle, so a failed upload has removed its temporary object before we return.
    const settled = await Promise.allSettled([
      runPipeline([...stages, hash], abort.signal),
      store.upload(key, hash, uploadAbort.signal).catch((err: unknown) => {
        abort.abort(err);
        throw err;
      }),
    ]);
    const failures = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (failures.length > 0) throw await describeFailure(mostTelling(failures), dump.done, driver.engine, clock);
  } finally {
    options.signal?.removeEventListener('abort', stop);
    dump.kill();
  }

  const stored = await store.size(key);
  if (stored !== hash.bytes) {
    throw new BackupError(`stored object ${store.uriOf(key)} has ${stored ?? 'no'} bytes, expected ${hash.bytes}`);
  }
  const sniff = { head: sniffer.head(), tail: sniffer.tail(), bytes: sniffer.bytes };
  const manifest: Manifest = {
    formatVersion: 1,
    id,
    name: options.name,
    key,
    engine: driver.engine,
    serverVersion: server.version,
    database: driver.database,
    created: new Date(started).toISOString(),
    ...options.metadata,
    compression: options.compression,
    encryption: options.encryption.kind,
    ...(options.encryption.kind === 'age' ? { encryptionMode: options.encryption.passphrase !== undefined ? 'passphrase' : 'recipients' } : {}),
    sizeBytes: hash.bytes,
    dumpBytes: sniffer.bytes,
    sha256: hash.sha256(),
    tools: await driver.toolVersions(),
    position: { ...server.position, ...driver.positionFromDump(sniff) },
    durationSeconds: Math.round((clock.now() - started) / 10) / 100,
  };
  await store.writeText(manifestKey(id), serializeManifest(manifest));
  log.info(`backup ${id}: ${hash.bytes} bytes (dump ${sniffer.bytes} bytes), sha256 ${manifest.sha256}`);
  return manifest;
}

/** The dump's own exit status explains a failure better than the EPIPE or abort it caused downstream. */
async function describeFailure(err: unknown, dumpDone: Promise<void>, engine: string, clock: Clock): Promise<Error> {
  // A storage or input failure (access denied, disk full) stopped the dump, not the other way round.
  if (err instanceof ActionError) return err;
  const giveUp = new AbortController();
  const dumpError = await Promise.race([
    dumpDone.then(() => undefined, (e: unknown) => e),
    clock.sleep(2000, giveUp.signal).then(() => undefined, () => undefined),
  ]);
  giveUp.abort();
  if (dumpError instanceof ProcessFailed) return new BackupError(`the ${engine} dump failed: ${dumpError.message}`, { cause: dumpError });
  if (err instanceof ProcessFailed) return new BackupError(`a backup stage failed: ${err.message}`, { cause: err });
  return err instanceof Error ? err : new Error(String(err));
}
