// The backup pipeline with a stand-in dump process: a dump that fails after writing, an empty
// dump, and a stalled one cut by the abort signal all leave no final object and no manifest.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MemoryLogger, realClock } from '@deploy-actions/action-kit';
import { Encrypter, Decrypter } from 'age-encryption';
import {
  BackupError,
  compressStage,
  createBackup,
  decompressStage,
  decryptStage,
  DecryptionError,
  encryptStage,
  FilesystemStore,
  type DumpDriver,
  type DumpSniff,
} from '../src/index.js';
import { startProcess } from '../src/process.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pipeline-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function fakeDriver(script: string): DumpDriver {
  return {
    engine: 'postgres',
    database: 'fake',
    extension: '.dump',
    inspect: async () => ({ version: '15.0', position: {}, warnings: [] }),
    startDump: (signal) => {
      const proc = startProcess('sh', ['-c', script], { signal });
      proc.stdin.end();
      return proc;
    },
    checkDump: (s: DumpSniff) => {
      if (s.bytes === 0) throw new BackupError('pg_dump produced an empty dump');
    },
    positionFromDump: () => ({}),
    toolVersions: async () => ({}),
    startRestore: async () => {
      throw new Error('unused');
    },
    count: async () => ({ tables: 0, rows: 0 }),
    close: async () => undefined,
  };
}

async function backupWith(script: string, signal?: AbortSignal) {
  const store = new FilesystemStore(join(dir, 'store'));
  return createBackup({
    driver: fakeDriver(script),
    store,
    name: 'x',
    compression: 'gzip',
    encryption: { kind: 'none' },
    metadata: {},
    clock: realClock,
    log: new MemoryLogger(),
    signal,
  });
}

const listing = async () => (await readdir(join(dir, 'store')).catch(() => [] as string[])).sort();

test('a dump that writes 3 MB then exits 3 fails the backup and leaves nothing', async () => {
  await expect(
    backupWith('head -c 3000000 /dev/urandom; echo "pg_dump: error: query failed" >&2; exit 3'),
  ).rejects.toThrow(/the postgres dump failed: sh exited with code 3: pg_dump: error: query failed/);
  expect(await listing()).toEqual([]);
});

test('an empty dump is refused', async () => {
  await expect(backupWith('true')).rejects.toThrow(/empty dump/);
  expect(await listing()).toEqual([]);
});

test('aborting a stalled dump stops everything and leaves nothing', async () => {
  const abort = new AbortController();
  const attempt = backupWith('head -c 100000 /dev/urandom; exec sleep 30', abort.signal);
  setTimeout(() => abort.abort(new Error('timed out')), 300);
  await expect(attempt).rejects.toThrow();
  expect(await listing()).toEqual([]);
});

test('a successful dump leaves exactly the object and its manifest', async () => {
  const manifest = await backupWith('head -c 500000 /dev/zero');
  expect(manifest.dumpBytes).toBe(500000);
  expect(await listing()).toEqual([`${manifest.id}.dump.gz`, `${manifest.id}.json`].sort());
});

async function roundTrip(stages: Duplex[], input: Buffer): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  await pipeline([Readable.from([input]), ...stages, sink]);
  return Buffer.concat(chunks);
}

test.each(['gzip', 'zstd', 'none'] as const)('%s compresses and decompresses byte for byte', async (kind) => {
  const input = Buffer.from('backup '.repeat(100_000));
  const packed = await roundTrip([compressStage(kind)], input);
  if (kind !== 'none') expect(packed.length).toBeLessThan(input.length / 10);
  expect((await roundTrip([decompressStage(kind)], packed)).equals(input)).toBe(true);
});

test('a truncated gzip stream fails to decompress', async () => {
  const packed = await roundTrip([compressStage('gzip')], Buffer.from('x'.repeat(100_000) + Math.random()));
  await expect(roundTrip([decompressStage('gzip')], packed.subarray(0, packed.length - 8))).rejects.toThrow(
    /unexpected end of file/,
  );
});

test('age stages interoperate with typage in both directions; a wrong passphrase is a DecryptionError', async () => {
  const input = Buffer.alloc(300_000, 7);
  const sealed = await roundTrip([await encryptStage({ kind: 'age', passphrase: 'pw' }, 10)], input);
  const d = new Decrypter();
  d.addPassphrase('pw');
  expect(Buffer.from(await d.decrypt(sealed)).equals(input)).toBe(true);
  const e = new Encrypter();
  e.setPassphrase('pw');
  e.setScryptWorkFactor(10);
  const theirs = Buffer.from(await e.encrypt(input));
  expect(
    (await roundTrip([await decryptStage({ identities: [], passphrase: 'pw' })], theirs)).equals(input),
  ).toBe(true);
  await expect(
    roundTrip([await decryptStage({ identities: [], passphrase: 'nope' })], theirs),
  ).rejects.toThrow(DecryptionError);
});
