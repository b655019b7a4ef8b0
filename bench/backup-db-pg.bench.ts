// backup-db-pg: a ≥ 1 GB PostgreSQL database backed up by the bundled action (gzip, to a directory)
// against the raw `pg_dump --format=custom | gzip > /dev/null` pipe, in the same run; plus the
// action process's peak RSS (read from the process itself at exit), and the zstd and age figures.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PG_BIN, startPostgres, type PostgresServer } from '../test/harness/postgres.js';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { pgEnv, parseDatabaseUrl } from '../packages/backup/src/index.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const TARGET_BYTES = 1.05 * 1024 ** 3;

// ~1.1 GB of mixed rows: ids, hashes (incompressible-ish), repeated text, numbers, timestamps.
const GENERATE = `
CREATE UNLOGGED TABLE events AS
SELECT g AS id, md5(g::text) AS hash, (g % 1000) AS tenant, now() - (g || ' seconds')::interval AS at,
  round((random() * 100000)::numeric, 2) AS amount, 'status-' || (g % 7) || ' note for row ' || (g % 5000) AS note
FROM generate_series(1, $ROWS) g;
`;

function sh(script: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn('sh', ['-c', script], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolvePromise((performance.now() - started) / 1000)
        : reject(new Error(`${script} exited ${code}`)),
    );
  });
}

async function runAction(
  url: string,
  dest: string,
  compression: string,
  work: string,
  extra: Record<string, string> = {},
): Promise<{ seconds: number; maxRssMb: number }> {
  const rssFile = join(work, `rss-${compression}-${Object.keys(extra).length}`);
  const preload = join(work, 'rss.cjs');
  await writeFile(
    preload,
    `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    RUNNER_TEMP: work,
    GITHUB_OUTPUT: join(work, 'out'),
    GITHUB_REPOSITORY: 'bench/app',
    'INPUT_DATABASE-URL': url,
    INPUT_DESTINATION: dest,
    INPUT_COMPRESSION: compression,
    INPUT_NAME: `bench-${compression}`,
  };
  for (const [k, v] of Object.entries(extra)) env[`INPUT_${k.toUpperCase()}`] = v;
  await writeFile(join(work, 'out'), '');
  const started = performance.now();
  await new Promise<void>((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--require', preload, join(root, 'dist/backup-db/index.js')], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`backup-db exited ${code}`)),
    );
  });
  const seconds = (performance.now() - started) / 1000;
  return { seconds, maxRssMb: Number(await readFile(rssFile, 'utf8')) / 1024 };
}

async function generate(pg: PostgresServer): Promise<number> {
  await pg.createDatabase('bench');
  await pg.sql(GENERATE.replace('$ROWS', String(Math.round(TARGET_BYTES / 128))), 'bench');
  return Number(await pg.sql(`SELECT pg_database_size('bench')`, 'bench'));
}

export default async function () {
  if (!existsSync(join(root, 'dist/backup-db/index.js')))
    throw new Error('dist/backup-db/index.js missing: run npm run bundle first');
  const pg = await startPostgres();
  const work = await mkdtemp(join(tmpdir(), 'bench-backup-'));
  try {
    const bytes = await generate(pg);
    const mb = bytes / 1e6;
    const url = pg.url('bench');
    const env = { ...pgEnv(parseDatabaseUrl(url), process.env), PATH: `${PG_BIN}:${process.env.PATH}` };
    const raw = await sh('pg_dump --format=custom --no-password | gzip > /dev/null', env);
    // The same work as the action (one compression pass, level 3): an honest second reference.
    const sameWork = await sh(
      'pg_dump --format=custom --compress=0 --no-password | gzip -3 > /dev/null',
      env,
    );
    const gzip = await runAction(url, join(work, 'store'), 'gzip', work);
    await rm(join(work, 'store'), { recursive: true, force: true });
    const zstd = await runAction(url, join(work, 'store'), 'zstd', work);
    await rm(join(work, 'store'), { recursive: true, force: true });
    const recipient = await identityToRecipient(await generateIdentity());
    const aged = await runAction(url, join(work, 'store'), 'zstd', work, {
      encryption: 'age',
      'age-recipients': recipient,
    });
    const rawRate = mb / raw;
    return [
      { name: 'backup-db-pg database size', value: bytes / 1024 ** 3, unit: 'GiB' },
      {
        name: 'backup-db-pg throughput (gzip)',
        value: mb / gzip.seconds,
        unit: 'MB/s',
        reference: { name: 'raw pg_dump -Fc | gzip', value: rawRate },
      },
      {
        name: 'backup-db-pg throughput (gzip) vs same work',
        value: mb / gzip.seconds,
        unit: 'MB/s',
        reference: { name: 'pg_dump -Fc -Z0 | gzip -3', value: mb / sameWork },
      },
      {
        name: 'backup-db-pg peak RSS (gzip)',
        value: gzip.maxRssMb,
        unit: 'MB',
        reference: { name: 'target', value: 150 },
      },
      {
        name: 'backup-db-pg throughput (zstd)',
        value: mb / zstd.seconds,
        unit: 'MB/s',
        reference: { name: 'raw pg_dump -Fc | gzip', value: rawRate },
      },
      {
        name: 'backup-db-pg peak RSS (zstd)',
        value: zstd.maxRssMb,
        unit: 'MB',
        reference: { name: 'target', value: 150 },
      },
      {
        name: 'backup-db-pg throughput (zstd + age)',
        value: mb / aged.seconds,
        unit: 'MB/s',
        reference: { name: 'raw pg_dump -Fc | gzip', value: rawRate },
      },
      {
        name: 'backup-db-pg peak RSS (zstd + age)',
        value: aged.maxRssMb,
        unit: 'MB',
        reference: { name: 'target', value: 150 },
      },
    ];
  } finally {
    await pg.stop();
    await rm(work, { recursive: true, force: true });
  }
}
