// MariaDB 10.11: backup → restore into a fresh database → counts and CHECKSUM TABLE match; the
// binlog position and GTID are recorded; non-InnoDB tables are warned about; the password stays
// off command lines; truncated dumps are refused.
import { execFile, execFileSync } from 'node:child_process';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { MemoryLogger, realClock } from '@deploy-actions/action-kit';
import {
  createBackup,
  DatabaseConnectionError,
  FilesystemStore,
  listBackups,
  parseIdentities,
  openDriver,
  parseDatabaseUrl,
  restoreBackup,
  structureCheckerFor,
  verifyBackup,
  type Manifest,
} from '@deploy-actions/backup';
import { MARIADB_PASSWORD, startMariadb, type MariadbServer } from '../harness/mariadb.js';
import { startS3, type S3Server } from '../harness/s3.js';
import { S3Store } from '../../packages/backup/src/storage/s3.js';
import { ageKeygen } from './age-cli.js';
import { mariadbFingerprint, seedMariadb } from './seed-mariadb.js';

let db: MariadbServer;
let s3: S3Server;
let work: string;
let source: Record<string, string>;

beforeAll(async () => {
  [db, s3] = await Promise.all([startMariadb(), startS3(['db-backups'])]);
  await seedMariadb(db, 'shop');
  source = await mariadbFingerprint(db, 'shop');
  work = await mkdtemp(join(tmpdir(), 'backup-mariadb-'));
}, 60_000);

afterAll(async () => {
  await Promise.all([db?.stop(), s3?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

function setup(url: string) {
  const log = new MemoryLogger();
  const store = new FilesystemStore(join(work, 'store'));
  const driver = openDriver(parseDatabaseUrl(url), { log, tempDir: work });
  return { log, store, driver };
}

let manifest: Manifest;
let backupLog: MemoryLogger;

test('backup records server version, binlog position and GTID, and warns about MyISAM', async () => {
  const { log, store, driver } = setup(db.url('shop'));
  // Watch the command lines of every process while the dump runs: the password must never appear.
  const seen = new Set<string>();
  const spy = setInterval(() => {
    execFile('ps', ['-eo', 'args'], (_err, stdout) => {
      for (const line of String(stdout).split('\n')) if (/mariadb|mysql/.test(line)) seen.add(line);
    });
  }, 25);
  try {
    manifest = await createBackup({
      driver,
      store,
      name: 'shop',
      compression: 'gzip',
      encryption: { kind: 'none' },
      metadata: {},
      clock: realClock,
      log,
    });
  } finally {
    clearInterval(spy);
    await driver.close();
  }
  backupLog = log;
  expect(manifest.engine).toBe('mysql');
  expect(manifest.serverVersion).toMatch(/^10\.11\..*MariaDB/);
  expect(manifest.key).toBe(`${manifest.id}.sql.gz`);
  expect(manifest.position.binlogFile).toMatch(/^binlog\.\d+$/);
  expect(Number(manifest.position.binlogPosition)).toBeGreaterThan(0);
  expect(manifest.position.gtid).toBe(await db.sql('SELECT @@gtid_binlog_pos'));
  expect(manifest.tools['mariadb-dump']).toMatch(/mariadb-dump.*10\.11/);
  expect(
    log.lines
      .filter((l) => l.level === 'warning')
      .map((l) => l.message)
      .join('\n'),
  ).toMatch(/not on InnoDB.*legacy_log \(MyISAM\)/);
  const ours = [...seen].filter((l) => l.includes('--defaults-extra-file='));
  expect(ours.some((l) => l.includes('mariadb-dump') && l.includes('--single-transaction'))).toBe(true);
  expect(ours.filter((l) => l.includes(MARIADB_PASSWORD) || /\s(-p\S|--password)/.test(l))).toEqual([]);
  // The 0600 defaults file is gone after close().
  expect((await readdir(work)).filter((f) => f.startsWith('backup-db-'))).toEqual([]);
  const dump = gunzipSync(await readFile(join(work, 'store', manifest.key))).toString('utf8');
  expect(dump).toMatch(/TRIGGER `?people_audit/);
  expect(dump).toContain('CREATE SEQUENCE');
  expect(dump.trimEnd().split('\n').pop()).toMatch(/^-- Dump completed/);
}, 60_000);

test('restore into a fresh database reproduces every table, the sequence, the view and the trigger', async () => {
  const { log, store, driver } = setup(db.url('shop_restored'));
  const structure = await structureCheckerFor(manifest, {});
  try {
    const counts = await restoreBackup({
      store,
      manifest,
      structure,
      driver,
      clean: false,
      tempDir: work,
      log,
    });
    expect(counts).toEqual({ tables: 4, rows: 4 + 4 + 1 + 20000 });
  } finally {
    await driver.close();
  }
  expect(await mariadbFingerprint(db, 'shop_restored')).toEqual(source);
  await db.sql(`INSERT INTO people (name) VALUES ('after restore')`, 'shop_restored');
  expect(await db.sql('SELECT note FROM audit ORDER BY id DESC LIMIT 1', 'shop_restored')).toBe(
    'inserted after restore',
  );
}, 60_000);

test('restore-clean replaces a database that already has other tables', async () => {
  await db.createDatabase('shop_clean');
  await db.sql('CREATE TABLE leftover (id INT); INSERT INTO leftover VALUES (1);', 'shop_clean');
  const { log, store, driver } = setup(db.url('shop_clean'));
  try {
    await restoreBackup({
      store,
      manifest,
      structure: await structureCheckerFor(manifest, {}),
      driver,
      clean: true,
      tempDir: work,
      log,
    });
  } finally {
    await driver.close();
  }
  expect(
    await db.sql(
      `SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'shop_clean' AND TABLE_NAME = 'leftover'`,
    ),
  ).toBe('0');
  expect(await mariadbFingerprint(db, 'shop_clean')).toEqual(source);
}, 60_000);

test('a truncated dump (manifest forged to match) fails verify: no "-- Dump completed" trailer', async () => {
  const store = new FilesystemStore(join(work, 'store'));
  const plain = gunzipSync(await readFile(join(work, 'store', manifest.key)));
  const cut = gzipSync(plain.subarray(0, plain.length - 2000));
  const key = `${manifest.id}-cut.sql.gz`;
  await writeFile(join(work, 'store', key), cut);
  const forged: Manifest = {
    ...manifest,
    key,
    sizeBytes: cut.length,
    dumpBytes: plain.length - 2000,
    sha256: execFileSync('sha256sum', { input: cut }).toString().split(' ')[0]!,
  };
  const verify = verifyBackup({
    store,
    manifest: forged,
    structure: await structureCheckerFor(forged, {}),
    tempDir: work,
    log: backupLog,
  });
  await expect(verify).rejects.toThrow(/truncated: no "-- Dump completed" line/);
});

test('wrong password fails as an authentication error', async () => {
  const bad = db.url('shop').replace(encodeURIComponent(MARIADB_PASSWORD), 'nope');
  const { log, store, driver } = setup(bad);
  const err = await createBackup({
    driver,
    store,
    name: 'x',
    compression: 'gzip',
    encryption: { kind: 'none' },
    metadata: {},
    clock: realClock,
    log,
  }).catch((e: Error) => e);
  await driver.close();
  expect(err).toBeInstanceOf(DatabaseConnectionError);
  expect((err as Error).message).toMatch(/authentication failed for mysql:\/\/127\.0\.0\.1:\d+\/shop/);
});

test('to S3 with zstd and age recipients (multipart), then restored from S3 into a fresh database', async () => {
  const { identity, recipient } = ageKeygen();
  const client = new S3Client(s3.clientConfig);
  const store = new S3Store(client, { bucket: 'db-backups', prefix: 'mariadb/shop' });
  const log = new MemoryLogger();
  const from = openDriver(parseDatabaseUrl(db.url('shop')), { log, tempDir: work });
  const target = openDriver(parseDatabaseUrl(db.url('shop_from_s3')), { log, tempDir: work });
  try {
    const made = await createBackup({
      driver: from,
      store,
      name: 'shop',
      compression: 'zstd',
      encryption: { kind: 'age', recipients: [recipient] },
      metadata: {},
      clock: realClock,
      log,
    });
    expect(made.sizeBytes).toBeGreaterThan(8 * 1024 * 1024); // more than one 8 MiB part
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'db-backups', Prefix: 'mariadb/' }));
    expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual(
      [`mariadb/shop/${made.key}`, `mariadb/shop/${made.id}.json`].sort(),
    );
    expect((await listBackups(store)).map((m) => m.id)).toEqual([made.id]);
    const counts = await restoreBackup({
      store,
      manifest: made,
      structure: await structureCheckerFor(made, {}),
      driver: target,
      clean: false,
      keys: { identities: parseIdentities(identity) },
      tempDir: work,
      log,
    });
    expect(counts.rows).toBe(4 + 4 + 1 + 20000);
  } finally {
    await Promise.all([from.close(), target.close()]);
    client.destroy();
  }
  expect(await mariadbFingerprint(db, 'shop_from_s3')).toEqual(source);
}, 60_000);
