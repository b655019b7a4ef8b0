// End to end: the bundled backup-db action (node dist/backup-db/index.js, INPUT_* env, output
// files) against real PostgreSQL 15, s3rver (multipart) and a directory; list, prune, latest,
// verify, restore; the real `age` CLI decrypts what it wrote; a killed upload leaves nothing.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { repoRoot, runBundledAction } from '../harness/run-action.js';
import { APP_PASSWORD, startPostgres, type PostgresServer } from '../harness/postgres.js';
import { startS3, startS3Proxy, type S3Proxy, type S3Server } from '../harness/s3.js';
import { ageDecryptWithIdentity, ageDecryptWithPassphrase, ageKeygen } from './age-cli.js';
import { pgFingerprint, seedPostgres } from './seed-postgres.js';
import { execFileSync } from 'node:child_process';

let pg: PostgresServer;
let s3: S3Server;
let client: S3Client;
let work: string;
let source: Record<string, string>;
const proxies: S3Proxy[] = [];

beforeAll(async () => {
  [pg, s3] = await Promise.all([startPostgres(), startS3(['backups'])]);
  await seedPostgres(pg, 'app');
  source = await pgFingerprint(pg, 'app');
  client = new S3Client(s3.clientConfig);
  work = await mkdtemp(join(tmpdir(), 'backup-e2e-'));
}, 60_000);

afterAll(async () => {
  client?.destroy();
  await Promise.all(proxies.map((p) => p.stop()));
  await Promise.all([pg?.stop(), s3?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

const run = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runBundledAction('backup-db', inputs, { env: { ...s3.env, ...QUIET_SDK, ...env }, timeoutMs: 90_000 });

// The AWS SDK warns on Node < 22 (runners use node24); keep stderr meaningful in tests on Node 20.
const QUIET_SDK = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

/** stdout without the runner's `::add-mask::` commands (which carry the secrets by design). */
const printed = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');

async function keys(prefix: string): Promise<string[]> {
  const res = await client.send(new ListObjectsV2Command({ Bucket: 'backups', Prefix: prefix }));
  return (res.Contents ?? []).map((o) => o.Key!).sort();
}

function expectNoSecrets(result: { stdout: string; stderr: string; summary: string }) {
  for (const text of [printed(result.stdout), result.stderr, result.summary]) {
    expect(text).not.toContain(APP_PASSWORD);
    expect(text).not.toContain(encodeURIComponent(APP_PASSWORD));
  }
}

describe('directory destination', () => {
  const dir = () => join(work, 'dir');

  test('backup, second backup with retention-count 1, list, latest restore into a fresh database', async () => {
    const first = await run({ 'database-url': pg.url('app'), destination: dir(), name: 'app-staging' });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.outputs['backup-id']).toMatch(/^app-staging-\d{8}T\d{6}Z-[0-9a-f]{4}$/);
    const manifest = JSON.parse(first.outputs.manifest!);
    expect(manifest).toMatchObject({
      engine: 'postgres',
      database: 'app',
      compression: 'gzip',
      encryption: 'none',
      runId: '1001',
      repository: 'org/app',
    });
    expect(first.outputs.sha256).toBe(manifest.sha256);
    expect(first.outputs.uri).toBe(`file://${dir()}/${first.outputs['backup-id']}.dump.gz`);
    expect(Number(first.outputs['size-bytes'])).toBe(
      (await readFile(join(dir(), `${first.outputs['backup-id']}.dump.gz`))).length,
    );
    expect(first.summary).toContain(first.outputs['backup-id']);
    expectNoSecrets(first);

    const second = await run({
      'database-url': pg.url('app'),
      destination: dir(),
      name: 'app-staging',
      'retention-count': '1',
    });
    expect(second.code).toBe(0);
    expect(second.summary).toContain('Retention pruned 1 backup(s)');
    expect((await readdir(dir())).sort()).toEqual([
      `${second.outputs['backup-id']}.dump.gz`,
      `${second.outputs['backup-id']}.json`,
    ]);

    const list = await run({ mode: 'list', destination: dir() });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.outputs.manifest!).map((m: { id: string }) => m.id)).toEqual([
      second.outputs['backup-id'],
    ]);
    expect(list.outputs['backup-id']).toBe(second.outputs['backup-id']);

    const restored = await run({
      mode: 'restore',
      'restore-url': pg.url('from_dir'),
      destination: dir(),
      name: 'app-staging',
    });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.outputs['restored-id']).toBe(second.outputs['backup-id']);
    expect(restored.outputs.tables).toBe('4');
    expect(restored.outputs.rows).toBe(String(4 + 4 + 1 + 20000));
    expect(await pgFingerprint(pg, 'from_dir')).toEqual(source);
    expectNoSecrets(restored);
  }, 120_000);

  test('prune keeps the newest per name; a corrupted byte makes verify and restore fail naming the checksum', async () => {
    const pruneDir = join(work, 'prune');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (
          await run({
            'database-url': pg.url('app'),
            destination: pruneDir,
            name: 'p',
            'dump-args': '--exclude-table-data=big',
          })
        ).outputs['backup-id']!,
      );
    const prune = await run({ mode: 'prune', destination: pruneDir, 'retention-count': '2' });
    expect(prune.code).toBe(0);
    expect(JSON.parse(prune.outputs.manifest!).map((m: { id: string }) => m.id)).toEqual([ids[0]]);
    expect((await readdir(pruneDir)).filter((f) => f.endsWith('.json')).sort()).toEqual(
      [`${ids[1]}.json`, `${ids[2]}.json`].sort(),
    );

    const verified = await run({ mode: 'verify', destination: pruneDir, 'backup-id': ids[1]! });
    expect(verified.code).toBe(0);
    expect(verified.outputs['backup-id']).toBe(ids[1]);

    const file = join(pruneDir, `${ids[2]}.dump.gz`);
    const bytes = await readFile(file);
    bytes[100] = bytes[100]! ^ 0xff;
    await writeFile(file, bytes);
    const verify = await run({ mode: 'verify', destination: pruneDir });
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/::error::backup-db: backup p-\S+: sha256 checksum mismatch/);
    const restore = await run({
      mode: 'restore',
      'database-url': pg.url('never_restored'),
      destination: pruneDir,
      'backup-id': 'latest',
      name: 'p',
    });
    expect(restore.code).toBe(1);
    expect(restore.stdout).toMatch(/sha256 checksum mismatch/);
    expect(await pg.sql(`SELECT count(*) FROM pg_database WHERE datname = 'never_restored'`)).toBe('0');
  }, 120_000);

  test('age passphrase: the real age CLI decrypts the backup; a wrong passphrase fails clearly', async () => {
    const ageDir = join(work, 'age-pass');
    const made = await run({
      'database-url': pg.url('app'),
      destination: ageDir,
      encryption: 'age',
      'age-passphrase': 'open sesame',
      'dump-args': '--exclude-table-data=big',
    });
    expect(made.code).toBe(0);
    expect(printed(made.stdout)).not.toContain('open sesame');
    const file = join(ageDir, `${made.outputs['backup-id']}.dump.gz.age`);
    ageDecryptWithPassphrase(file, join(work, 'decrypted.gz'), 'open sesame');
    expect(
      gunzipSync(await readFile(join(work, 'decrypted.gz')))
        .subarray(0, 5)
        .toString(),
    ).toBe('PGDMP');

    const wrong = await run({ mode: 'verify', destination: ageDir, 'age-passphrase': 'open barley' });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('cannot decrypt the backup: wrong age-passphrase');
  }, 120_000);
});

describe('S3 destination', () => {
  test('zstd + age recipients, multipart upload, real age CLI decrypts it, restore from S3 matches', async () => {
    const { identity, recipient } = ageKeygen();
    await writeFile(join(work, 'key.txt'), identity, { mode: 0o600 });
    const proxy = await startS3Proxy(s3.endpoint, () => 'forward');
    proxies.push(proxy);
    const made = await run({
      'database-url': pg.url('app'),
      destination: 's3://backups/prod/db',
      's3-endpoint': proxy.endpoint,
      's3-force-path-style': 'true',
      compression: 'zstd',
      encryption: 'age',
      'age-recipients': recipient,
    });
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const id = made.outputs['backup-id']!;
    expect(made.outputs.uri).toBe(`s3://backups/prod/db/${id}.dump.zst.age`);
    const parts = proxy.requests.filter((r) => r.method === 'PUT' && /[?&]partNumber=\d+/.test(r.url));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(proxy.requests.some((r) => r.method === 'PUT' && r.url.includes('/.partial/'))).toBe(true);
    expect(await keys('prod/')).toEqual([`prod/db/${id}.dump.zst.age`, `prod/db/${id}.json`]);

    const file = join(work, 'from-s3.age');
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const object = await client.send(
      new GetObjectCommand({ Bucket: 'backups', Key: `prod/db/${id}.dump.zst.age` }),
    );
    await writeFile(file, Buffer.from(await object.Body!.transformToByteArray()));
    const plain = execFileSync('zstd', ['-d', '-c'], {
      input: ageDecryptWithIdentity(file, join(work, 'key.txt')),
      maxBuffer: 256 * 1024 * 1024,
    });
    expect(plain.subarray(0, 5).toString()).toBe('PGDMP');
    expect(plain.length).toBe(JSON.parse(made.outputs.manifest!).dumpBytes);

    const restored = await run({
      mode: 'restore',
      'database-url': pg.url('app'),
      'restore-url': pg.url('from_s3'),
      destination: 's3://backups/prod/db',
      's3-endpoint': s3.endpoint,
      's3-force-path-style': 'true',
      'age-identity': identity,
    });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.outputs['restored-id']).toBe(id);
    expect(await pgFingerprint(pg, 'from_s3')).toEqual(source);
    expect(printed(restored.stdout)).not.toContain(
      identity.split('\n').find((l) => l.startsWith('AGE-SECRET-KEY'))!,
    );
  }, 120_000);

  test('killing the action during the upload leaves no final object and no manifest', async () => {
    const proxy = await startS3Proxy(s3.endpoint, (r) =>
      r.method === 'PUT' && /[?&]partNumber=2\b/.test(r.url) ? 'hold' : 'forward',
    );
    proxies.push(proxy);
    const child = spawnAction({
      'database-url': pg.url('app'),
      destination: 's3://backups/killed',
      's3-endpoint': proxy.endpoint,
      's3-force-path-style': 'true',
      compression: 'none',
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code, signal) => resolve(signal ? -1 : code)),
    );
    await Promise.race([
      proxy.held,
      exited.then(() => Promise.reject(new Error('the action finished before its upload was held'))),
    ]);
    child.kill('SIGKILL');
    expect(await exited).toBe(-1);
    expect(await keys('killed/')).toEqual([]);
    const list = await run({
      mode: 'list',
      destination: 's3://backups/killed',
      's3-endpoint': s3.endpoint,
      's3-force-path-style': 'true',
    });
    expect(list.code).toBe(0);
    expect(list.outputs.manifest).toBe('[]');
  }, 60_000);

  test('a failing upload (access denied) fails the step and leaves nothing; a missing bucket is named', async () => {
    const proxy = await startS3Proxy(s3.endpoint, (r) =>
      r.method === 'PUT' && /[?&]partNumber=2\b/.test(r.url)
        ? { status: 403, code: 'AccessDenied', message: 'Access Denied' }
        : 'forward',
    );
    proxies.push(proxy);
    const denied = await run({
      'database-url': pg.url('app'),
      destination: 's3://backups/denied',
      's3-endpoint': proxy.endpoint,
      's3-force-path-style': 'true',
      compression: 'none',
    });
    expect(denied.code).toBe(1);
    expect(denied.stdout).toMatch(/::error::backup-db: access denied to s3:\/\/backups\/denied/);
    expect(await keys('denied/')).toEqual([]);

    const missing = await run({
      'database-url': pg.url('app'),
      destination: 's3://no-such-bucket/x',
      's3-endpoint': s3.endpoint,
      's3-force-path-style': 'true',
      'dump-args': '--exclude-table-data=big',
    });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain("bucket 'no-such-bucket' does not exist");
    expectNoSecrets(missing);
  }, 60_000);
});

function spawnAction(inputs: Record<string, string>) {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    RUNNER_TEMP: work,
    GITHUB_OUTPUT: '/dev/null',
    GITHUB_REPOSITORY: 'org/app',
    ...s3.env,
    ...QUIET_SDK,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return spawn(process.execPath, [join(repoRoot, 'dist', 'backup-db', 'index.js')], { env, stdio: 'ignore' });
}
