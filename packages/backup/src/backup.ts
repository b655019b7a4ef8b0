// One backup: inspect the server, stream the dump into the store, check what landed, then write
// the manifest — last, so a manifest always describes a complete object.
import type { Clock, Logger } from '@deploy-actions/action-kit';
import { makeBackupId, objectKey } from './backup-id.js';
import type { DumpDriver, ServerInfo } from './drivers/driver.js';
import { BackupError } from './errors.js';
import { manifestKey, serializeManifest, type Manifest } from './manifest.js';
import type { EncryptionSettings } from './pipeline/age.js';
import type { Compression } from './pipeline/compression.js';
import type { BackupStore } from './storage/store.js';
import { streamDumpToStore, type StreamResult } from './backup-stream.js';

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

  const result = await streamDumpToStore({ ...options, key });
  const stored = await store.size(key);
  if (stored !== result.bytes) {
    throw new BackupError(
      `stored object ${store.uriOf(key)} has ${stored ?? 'no'} bytes, expected ${result.bytes}`,
    );
  }
  const manifest = await buildManifest(options, { id, key, server, started, result });
  await store.writeText(manifestKey(id), serializeManifest(manifest));
  log.info(
    `backup ${id}: ${result.bytes} bytes (dump ${result.sniff.bytes} bytes), sha256 ${manifest.sha256}`,
  );
  return manifest;
}

interface Made {
  id: string;
  key: string;
  server: ServerInfo;
  started: number;
  result: StreamResult;
}

async function buildManifest(options: BackupOptions, made: Made): Promise<Manifest> {
  const { driver, encryption } = options;
  return {
    formatVersion: 1,
    id: made.id,
    name: options.name,
    key: made.key,
    engine: driver.engine,
    serverVersion: made.server.version,
    database: driver.database,
    created: new Date(made.started).toISOString(),
    ...options.metadata,
    compression: options.compression,
    encryption: encryption.kind,
    ...(encryption.kind === 'age'
      ? { encryptionMode: encryption.passphrase !== undefined ? 'passphrase' : 'recipients' }
      : {}),
    sizeBytes: made.result.bytes,
    dumpBytes: made.result.sniff.bytes,
    sha256: made.result.sha256,
    tools: await driver.toolVersions(),
    position: { ...made.server.position, ...driver.positionFromDump(made.result.sniff) },
    durationSeconds: Math.round((options.clock.now() - made.started) / 10) / 100,
  };
}
