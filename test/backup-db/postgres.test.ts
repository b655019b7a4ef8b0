// PostgreSQL 15: backup → restore into a fresh database → every table's count and checksum match;
// corruption, truncation, wrong keys and a failing dump are refused with clear errors.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryLogger, realClock } from '@deploy-actions/action-kit';
import {
  ChecksumMismatch,
  createBackup,
  DatabaseConnectionError,
  DecryptionError,
  FilesystemStore,
  listBackups,
  openDriver,
  parseDatabaseUrl,
  resolveBackup,
  restoreBackup,
  structureCheckerFor,
  verifyBackup,
  type EncryptionSettings,
  type Manifest,
} from '@deploy-actions/backup';
import { APP_PASSWORD, startPostgres, type PostgresServer } from '../harness/postgres.js';
import { pgFingerprint, seedPostgres } from './seed-postgres.js';

let pg: PostgresServer;
let work: string;
let source: Record<string, string>;

beforeAll(async () => {
  pg = await startPostgres();
  await seedPostgres(pg, 'app');
  source = await pgFingerprint(pg, 'app');
  work = await mkdtemp(join(tmpdir(), 'backup-pg-'));
}, 60_000);

afterAll(async () => {
  await pg?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

function setup(dir: string, url = pg.url('app')) {
  const log = new MemoryLogger();
  const store = new FilesystemStore(join(work, dir));
  const driver = openDriver(parseDatabaseUrl(url), { log, tempDir: work });
  return { log, store, driver };
}

async function backup(
  dir: string,
  compression: 'gzip' | 'zstd' | 'none',
  encryption: EncryptionSettings = { kind: 'none' },
) {
  const { log, store, driver } = setup(dir);
  const manifest = await createBackup({
    driver,
    store,
    name: 'app',
    compression,
    encryption,
    metadata: { gitSha: 'abc' },
    clock: realClock,
    log,
    scryptLogN: 10,
  });
  return { manifest, store, log };
}

async function restoreInto(
  database: string,
  dir: string,
  manifest: Manifest,
  keys?: { identities: string[]; passphrase?: string },
  clean = false,
) {
  const { log, store, driver } = setup(dir, pg.url(database));
  const structure = await structureCheckerFor(manifest, {});
  return restoreBackup({ store, manifest, structure, driver, clean, keys, tempDir: work, log });
}

test('gzip backup to a directory restores into a fresh database with identical tables', async () => {
  const { manifest, store } = await backup('plain', 'gzip');
  expect(manifest.engine).toBe('postgres');
  expect(manifest.serverVersion).toMatch(/^15\./);
  expect(manifest.position.lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
  expect(manifest.tools.pg_dump).toMatch(/^15\./);
  expect(manifest.key).toBe(`${manifest.id}.dump.gz`);
  expect(manifest.dumpBytes).toBeGreaterThan(20_000_000);
  expect(manifest.sizeBytes).toBeLessThan(manifest.dumpBytes);
  const files = (await readdir(join(work, 'plain'))).sort();
  expect(files).toEqual([`${manifest.id}.dump.gz`, `${manifest.id}.json`].sort());
  const stored = await readFile(join(work, 'plain', manifest.key));
  expect(execFileSync('sha256sum', { input: stored }).toString().split(' ')[0]).toBe(manifest.sha256);

  const counts = await restoreInto('restored_gzip', 'plain', manifest);
  expect(await pgFingerprint(pg, 'restored_gzip')).toEqual(source);
  expect(counts).toEqual({ tables: 4, rows: 4 + 4 + 1 + 20000 });
  // The trigger came back too: an insert writes an audit row.
  await pg.sql(`INSERT INTO people (name) VALUES ('after restore')`, 'restored_gzip');
  expect(await pg.sql(`SELECT note FROM audit ORDER BY id DESC LIMIT 1`, 'restored_gzip')).toBe(
    'inserted after restore',
  );
  expect(await listBackups(store)).toEqual([manifest]);
  expect((await resolveBackup(store, 'latest')).id).toBe(manifest.id);
});

test('restoring over a populated database: refused atomically without clean, replaced with restore-clean', async () => {
  const { manifest } = await backup('over', 'gzip');
  await pg.createDatabase('populated');
  await pg.sql(
    `CREATE TABLE people (id int); INSERT INTO people VALUES (42); CREATE TABLE extra (x int)`,
    'populated',
  );
  await expect(restoreInto('populated', 'over', manifest)).rejects.toThrow(
    /restore of \S+ failed \(single transaction: nothing was changed\): pg_restore exited with code 1: .*already exists/,
  );
  expect(await pg.sql('SELECT id FROM people', 'populated')).toBe('42');
  expect(await pg.sql(`SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`, 'populated')).toBe('2');
  await pg.sql('DROP TABLE people', 'populated');
  await restoreInto('restored_gzip_again', 'over', manifest);
  const counts = await restoreInto('restored_gzip_again', 'over', manifest, undefined, true);
  expect(counts.rows).toBe(4 + 4 + 1 + 20000);
  expect(await pgFingerprint(pg, 'restored_gzip_again')).toEqual(source);
});

test('zstd + age passphrase backup restores, and the wrong passphrase is refused clearly', async () => {
  const { manifest } = await backup('zstd-age', 'zstd', { kind: 'age', passphrase: 'correct horse' });
  expect(manifest.key).toBe(`${manifest.id}.dump.zst.age`);
  expect(manifest.encryptionMode).toBe('passphrase');
  await expect(
    restoreInto('never_created', 'zstd-age', manifest, { identities: [], passphrase: 'wrong horse' }),
  ).rejects.toThrow(DecryptionError);
  await expect(
    restoreInto('never_created', 'zstd-age', manifest, { identities: [], passphrase: 'wrong horse' }),
  ).rejects.toThrow(/wrong age-passphrase/);
  expect(await pg.sql(`SELECT count(*) FROM pg_database WHERE datname = 'never_created'`)).toBe('0');
  await restoreInto('restored_zstd', 'zstd-age', manifest, { identities: [], passphrase: 'correct horse' });
  expect(await pgFingerprint(pg, 'restored_zstd')).toEqual(source);
});

test('one corrupted byte: verify and restore both refuse the backup naming the sha256 checksum', async () => {
  const { manifest, store, log } = await backup('corrupt', 'gzip');
  const path = join(work, 'corrupt', manifest.key);
  const bytes = await readFile(path);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = bytes[at]! ^ 0x01;
  await writeFile(path, bytes);
  const structure = await structureCheckerFor(manifest, {});
  const verify = verifyBackup({ store, manifest, structure, tempDir: work, log });
  await expect(verify).rejects.toThrow(ChecksumMismatch);
  await expect(verifyBackup({ store, manifest, structure, tempDir: work, log })).rejects.toThrow(
    /sha256 checksum mismatch/,
  );
  await expect(restoreInto('restored_corrupt', 'corrupt', manifest)).rejects.toThrow(
    /sha256 checksum mismatch/,
  );
  expect(await pg.sql(`SELECT count(*) FROM pg_database WHERE datname = 'restored_corrupt'`)).toBe('0');
});

test('a truncated archive with a matching manifest still fails verify (pg_restore reads it to the end)', async () => {
  const { manifest, store, log } = await backup('truncated', 'none');
  const path = join(work, 'truncated', manifest.key);
  const bytes = (await readFile(path)).subarray(0, manifest.sizeBytes - 5000);
  await writeFile(path, bytes);
  const sha256 = execFileSync('sha256sum', { input: bytes }).toString().split(' ')[0]!;
  const forged = { ...manifest, sizeBytes: bytes.length, sha256 };
  const structure = await structureCheckerFor(forged, {});
  await expect(verifyBackup({ store, manifest: forged, structure, tempDir: work, log })).rejects.toThrow(
    /pg_restore cannot read the archive/,
  );
});

test('wrong password and unreachable server fail with a connection error that hides the password', async () => {
  const bad = pg.url('app').replace(encodeURIComponent(APP_PASSWORD), 'not-the-password');
  const { store, log } = setup('never');
  const wrong = openDriver(parseDatabaseUrl(bad), { log, tempDir: work });
  const attempt = createBackup({
    driver: wrong,
    store,
    name: 'x',
    compression: 'gzip',
    encryption: { kind: 'none' },
    metadata: {},
    clock: realClock,
    log,
  });
  await expect(attempt).rejects.toThrow(DatabaseConnectionError);
  await expect(
    createBackup({
      driver: wrong,
      store,
      name: 'x',
      compression: 'gzip',
      encryption: { kind: 'none' },
      metadata: {},
      clock: realClock,
      log,
    }),
  ).rejects.toThrow(/authentication failed for postgres:\/\/127\.0\.0\.1:\d+\/app/);
  const unreachable = openDriver(
    parseDatabaseUrl(`postgres://app:${encodeURIComponent(APP_PASSWORD)}@127.0.0.1:1/app`),
    { log, tempDir: work },
  );
  const err = await createBackup({
    driver: unreachable,
    store,
    name: 'x',
    compression: 'gzip',
    encryption: { kind: 'none' },
    metadata: {},
    clock: realClock,
    log,
  }).catch((e: Error) => e);
  expect(err).toBeInstanceOf(DatabaseConnectionError);
  expect((err as Error).message).toMatch(/cannot reach the database server postgres:\/\/127\.0\.0\.1:1\/app/);
  expect((err as Error).message).not.toContain(APP_PASSWORD);
  expect(await readdir(join(work)).then((d) => d.includes('never'))).toBe(false);
});
