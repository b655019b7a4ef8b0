// The backup stream: dump → (sniff + end gate) → compress → age encrypt → sha256 → store upload.
// Any failing stage fails the whole; the store only promotes a temporary object on success.
import { ActionError, type Clock } from '@deploy-actions/action-kit';
import type { DumpDriver, DumpSniff } from './drivers/driver.js';
import { BackupError } from './errors.js';
import { encryptStage, type EncryptionSettings } from './pipeline/age.js';
import { compressStage, type Compression } from './pipeline/compression.js';
import { EndGate } from './pipeline/gate.js';
import { HashCounter, Sniffer } from './pipeline/measure.js';
import { mostTelling, runPipeline } from './pipeline/run.js';
import { ProcessFailed } from './process.js';
import type { BackupStore } from './storage/store.js';

export interface StreamOptions {
  driver: DumpDriver;
  store: BackupStore;
  key: string;
  compression: Compression;
  encryption: EncryptionSettings;
  clock: Clock;
  signal?: AbortSignal;
  scryptLogN?: number;
}

export interface StreamResult {
  /** Stored bytes and their sha256. */
  bytes: number;
  sha256: string;
  /** Head, tail and size of the plain dump. */
  sniff: DumpSniff;
}

export async function streamDumpToStore(options: StreamOptions): Promise<StreamResult> {
  const { driver, store, clock } = options;
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
  const sniff = (): DumpSniff => ({ head: sniffer.head(), tail: sniffer.tail(), bytes: sniffer.bytes });
  // The end of the stream reaches the store only once the dump exited 0 and looks complete.
  const gate = new EndGate(async () => {
    await dump.done;
    driver.checkDump(sniff());
  });
  const hash = new HashCounter();
  const stages = [dump.stdout, sniffer, gate, compressStage(options.compression)];
  if (options.encryption.kind === 'age')
    stages.push(await encryptStage(options.encryption, options.scryptLogN));
  try {
    // Wait for both sides to settle, so a failed upload has removed its temporary object before we return.
    const settled = await Promise.allSettled([
      runPipeline([...stages, hash], abort.signal),
      store.upload(options.key, hash, uploadAbort.signal).catch((err: unknown) => {
        abort.abort(err);
        throw err;
      }),
    ]);
    const failures = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (failures.length > 0)
      throw await describeFailure(mostTelling(failures), dump.done, driver.engine, clock);
  } finally {
    options.signal?.removeEventListener('abort', stop);
    dump.kill();
  }
  return { bytes: hash.bytes, sha256: hash.sha256(), sniff: sniff() };
}

/** The dump's own exit status explains a failure better than the EPIPE or abort it caused downstream. */
async function describeFailure(
  err: unknown,
  dumpDone: Promise<void>,
  engine: string,
  clock: Clock,
): Promise<Error> {
  // A storage or input failure (access denied, disk full) stopped the dump, not the other way round.
  if (err instanceof ActionError) return err;
  const giveUp = new AbortController();
  const dumpError = await Promise.race([
    dumpDone.then(
      () => undefined,
      (e: unknown) => e,
    ),
    clock.sleep(2000, giveUp.signal).then(
      () => undefined,
      () => undefined,
    ),
  ]);
  giveUp.abort();
  if (dumpError instanceof ProcessFailed)
    return new BackupError(`the ${engine} dump failed: ${dumpError.message}`, { cause: dumpError });
  if (err instanceof ProcessFailed)
    return new BackupError(`a backup stage failed: ${err.message}`, { cause: err });
  return err instanceof Error ? err : new Error(String(err));
}
