// Starts a real MariaDB 10.11 (Debian package mariadb-server) on 127.0.0.1 with a random port and a
// temp datadir, binary log on (so GTID positions can be recorded). `--no-defaults` must come first.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';
import { stopChild } from './stop-child.js';

const run = promisify(execFile);
export const MARIADBD = '/usr/sbin/mariadbd';
export const MARIADB_PASSWORD = 'm@ria "db" pw';

export interface MariadbServer {
  port: number;
  /** Connection URL for `database` as root with a password. */
  url(database?: string): string;
  /** Runs SQL through the socket as root; tab-separated rows without headers (trimmed). */
  sql(query: string, database?: string): Promise<string>;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startMariadb(): Promise<MariadbServer> {
  if (!existsSync(MARIADBD)) {
    throw new Error(`${MARIADBD} not found: run \`npm run setup:test-deps\` (Debian package mariadb-server)`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'mariadb-'));
  const data = join(dir, 'data');
  const socket = join(dir, 'sock');
  if (userInfo().uid === 0) {
    const uid = Number((await run('id', ['-u', 'mysql'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'mysql'])).stdout.trim());
    await chown(dir, uid, gid);
  }
  await run('mariadb-install-db', [
    '--no-defaults',
    '--user=mysql',
    `--datadir=${data}`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
  ]);
  const port = await freePort();
  const child = spawn(
    MARIADBD,
    [
      '--no-defaults',
      '--user=mysql',
      `--datadir=${data}`,
      `--socket=${socket}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--log-bin=${join(dir, 'binlog')}`,
      '--server-id=1',
      '--innodb-flush-log-at-trx-commit=0',
      '--sync-binlog=0',
      '--innodb-buffer-pool-size=64M',
      '--max-allowed-packet=64M',
      `--pid-file=${join(dir, 'pid')}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-8000)));
  let password: string | undefined;
  const sql = async (query: string, database?: string) =>
    (await mariadb(socket, password, query, database)).trim();
  const stop = () => stopChild(child, 10_000).then(() => rm(dir, { recursive: true, force: true }));
  try {
    await waitReady(
      child,
      () => sql('SELECT 1'),
      () => log,
    );
    const quoted = `'${MARIADB_PASSWORD.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    await sql(`CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
      ALTER USER 'root'@'localhost' IDENTIFIED BY ${quoted}, 'root'@'127.0.0.1' IDENTIFIED BY ${quoted};
      GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;`);
    password = MARIADB_PASSWORD;
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    port,
    url: (database = 'mysql') =>
      `mariadb://root:${encodeURIComponent(MARIADB_PASSWORD)}@127.0.0.1:${port}/${database}`,
    sql,
    createDatabase: async (name) => void (await sql(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`)),
    stop,
  };
}

async function waitReady(
  child: ChildProcess,
  probe: () => Promise<unknown>,
  output: () => string,
  timeoutMs = 30000,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`mariadbd exited with code ${child.exitCode}:\n${output()}`);
    if (
      await probe().then(
        () => true,
        () => false,
      )
    )
      return;
    await sleep(100);
  }
  throw new Error(`mariadbd not ready after ${timeoutMs} ms:\n${output()}`);
}

function mariadb(socket: string, password: string | undefined, query: string, database?: string) {
  // The harness may use MYSQL_PWD for its own admin queries; the action itself never does.
  return new Promise<string>((resolve, reject) => {
    const args = [
      '--no-defaults',
      `--socket=${socket}`,
      '-uroot',
      '--default-character-set=utf8mb4',
      '--batch',
      '--skip-column-names',
      ...(database ? [database] : []),
    ];
    const child = spawn('mariadb', args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...(password ? { MYSQL_PWD: password } : {}) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`mariadb failed (${code}): ${stderr}`)),
    );
    // The client may exit before reading (server not up yet): its exit code reports that, not EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(query);
  });
}
