// Starts a real PostgreSQL 15 (Debian package) on 127.0.0.1 with a random port and a temp data dir.
// initdb refuses root, so the server runs as the `postgres` user; trust auth plus a password role.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);
export const PG_MAJOR = 15;
export const PG_BIN = `/usr/lib/postgresql/${PG_MAJOR}/bin`;

export interface PostgresServer {
  port: number;
  /** Connection URL for `database` as the password-protected role `app` (password `s3cret p@ss`). */
  url(database?: string): string;
  /** Runs SQL as superuser via psql and returns unaligned, tuples-only output (trimmed). */
  sql(query: string, database?: string): Promise<string>;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

export const APP_PASSWORD = 's3cret p@ss';

export async function startPostgres(): Promise<PostgresServer> {
  if (!existsSync(`${PG_BIN}/initdb`)) {
    throw new Error(
      `${PG_BIN}/initdb not found: run \`npm run setup:test-deps\` (Debian package postgresql-${PG_MAJOR})`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'pg-'));
  const data = join(dir, 'data');
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const ids = await run('id', ['-u', 'postgres']).then((r) => Number(r.stdout.trim()));
    const gid = await run('id', ['-g', 'postgres']).then((r) => Number(r.stdout.trim()));
    await chown(dir, ids, gid);
  }
  await chmod(dir, 0o700);
  const as = (cmd: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', cmd, ...args]) : run(cmd, args);
  await as(`${PG_BIN}/initdb`, ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync']);
  const port = await freePort();
  // Local socket connections (used by sql()) trust; TCP needs the password.
  await as('sh', [
    '-c',
    `printf 'local all all trust\\nhost all postgres 127.0.0.1/32 trust\\nhost all all 127.0.0.1/32 scram-sha-256\\n' > ${data}/pg_hba.conf`,
  ]);
  await as(`${PG_BIN}/pg_ctl`, [
    '-D',
    data,
    '-w',
    '-t',
    '30',
    '-l',
    join(dir, 'log'),
    '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
    'start',
  ]);
  const sql = async (query: string, database = 'postgres') => {
    const { stdout } = await psql(dir, port, database, query);
    return stdout.trim();
  };
  await sql(`CREATE ROLE app LOGIN SUPERUSER PASSWORD '${APP_PASSWORD.replace(/'/g, "''")}'`);
  return {
    port,
    url: (database = 'postgres') =>
      `postgres://app:${encodeURIComponent(APP_PASSWORD)}@127.0.0.1:${port}/${database}`,
    sql,
    createDatabase: async (name) => void (await sql(`CREATE DATABASE "${name}"`)),
    async stop() {
      await as(`${PG_BIN}/pg_ctl`, ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function psql(socketDir: string, port: number, database: string, query: string) {
  return new Promise<{ stdout: string }>((resolve, reject) => {
    const child = spawn(
      `${PG_BIN}/psql`,
      [
        '-X',
        '-q',
        '-At',
        '-v',
        'ON_ERROR_STOP=1',
        '-h',
        socketDir,
        '-p',
        String(port),
        '-U',
        'postgres',
        '-d',
        database,
      ],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve({ stdout }) : reject(new Error(`psql failed (${code}): ${stderr}`)),
    );
    // The client may exit before reading (server not up yet): its exit code reports that, not EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(query);
  });
}
