// Reading a stored backup back: the sha256 check over the stored bytes, and the decode stages
// (age decrypt → decompress) that turn it into the plain dump.
import { createReadStream } from 'node:fs';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ConfigurationError } from '@deploy-actions/action-kit';
import { BackupError, ChecksumMismatch } from './errors.js';
import type { Manifest } from './manifest.js';
import { decryptStage, type DecryptionKeys } from './pipeline/age.js';
import { decompressStage } from './pipeline/compression.js';
import { HashCounter } from './pipeline/measure.js';
import type { BackupStore } from './storage/store.js';

export interface LocalBackup {
  path: string;
  cleanup(): Promise<void>;
}

/** Fetches the stored object (a download for S3) and refuses it unless size and sha256 match the manifest. */
export async function fetchChecked(
  store: BackupStore,
  manifest: Manifest,
  tempDir: string,
  signal?: AbortSignal,
): Promise<LocalBackup> {
  const uri = store.uriOf(manifest.key);
  const size = await store.size(manifest.key);
  if (size === undefined)
    throw new BackupError(`backup ${manifest.id}: the manifest exists but ${uri} does not`);
  if (size !== manifest.sizeBytes) {
    throw new ChecksumMismatch(
      `backup ${manifest.id}: checksum cannot match, ${uri} has ${size} bytes but the manifest says ${manifest.sizeBytes}`,
    );
  }
  const local = await store.localCopy(manifest.key, tempDir, signal);
  try {
    const hash = new HashCounter();
    hash.resume(); // a sink: the bytes are only hashed
    await pipeline(createReadStream(local.path, { highWaterMark: 1024 * 1024 }), hash, { signal });
    const actual = hash.sha256();
    if (actual !== manifest.sha256) {
      throw new ChecksumMismatch(
        `backup ${manifest.id}: sha256 checksum mismatch for ${uri}: manifest says ${manifest.sha256}, the stored object is ${actual}. The backup is corrupt or was modified; it will not be used.`,
      );
    }
    return local;
  } catch (err) {
    await local.cleanup();
    throw err;
  }
}

export async function decodeStages(manifest: Manifest, keys: DecryptionKeys | undefined): Promise<Duplex[]> {
  const stages: Duplex[] = [];
  if (manifest.encryption === 'age') {
    if (!keys || (keys.identities.length === 0 && keys.passphrase === undefined)) {
      const which = manifest.encryptionMode === 'passphrase' ? 'age-passphrase' : 'age-identity';
      throw new ConfigurationError(`backup ${manifest.id} is age-encrypted: set ${which} to read it`);
    }
    stages.push(await decryptStage(keys));
  }
  stages.push(decompressStage(manifest.compression));
  return stages;
}
