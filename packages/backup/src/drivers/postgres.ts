// PostgreSQL: pg_dump --format=custom (one MVCC snapshot, uncompressed: we compress once, in the
// pipeline) and pg_restore --single-transaction --exit-on-error. The connection goes through PG*
// environment variables only, so neither the password nor the host appears on a command line.
import type { Writable } from 'node:stream';
import type { Logger } from '@deploy-actions/action-kit';
import type { DatabaseTarget } from '../database-url.js';
import { BackupError, ClientMissing } from '../errors.js';
import { processSink, runCommand, startProcess, type RunningProcess } from '../process.js';
import { classifyConnectionError } from './connection-errors.js';
import type { DumpDriver, DumpSniff, RestoreCounts, ServerInfo, StructureChecker } from './driver.js';
import type { PgClientCache } from './pg-client-cache.js';
import { findPgClients, pickPgClient, type PgClient } from './pg-client.js';

const PARAM_ENV: Record<string, string> = {
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  options: 'PGOPTIONS',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  application_name: 'PGAPPNAME',
  target_session_attrs: 'PGTARGETSESSIONATTRS',
};

export function pgEnv(
  target: DatabaseTarget,
  base: NodeJS.ProcessEnv,
  database = target.database,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (!k.startsWith('PG')) env[k] = v;
  Object.assign(env, {
    PGHOST: target.host,
    PGPORT: String(target.port),
    PGDATABASE: database,
    PGCONNECT_TIMEOUT: '15',
    PGAPPNAME: 'deploy-actions backup-db',
  });
  if (target.user) env.PGUSER = target.user;
  if (target.password !== undefined) env.PGPASSWORD = target.password;
  for (const [param, value] of Object.entries(target.params))
    if (PARAM_ENV[param]) env[PARAM_ENV[param]!] = value;
  return env;
}

export interface PostgresDriverOptions {
  target: DatabaseTarget;
  dumpArgs: string[];
  log: Logger;
  env?: NodeJS.ProcessEnv;
  searchDirs: string[];
  /** The runner's tool cache of client tools: searched first, and given the client picked. */
  clientCache?: PgClientCache;
  lockWaitTimeoutMs?: number;
  signal?: AbortSignal;
}

const COUNT_SQL = `SELECT count(*), coalesce(sum((xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', schemaname, tablename), false, true, '')))[1]::text::bigint), 0)
FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND schemaname NOT LIKE 'pg\\_%'`;

export class PostgresDriver implements DumpDriver {
  readonly engine = 'postgres' as const;
  get database(): string {
    return this.options.target.database;
  }
  readonly extension = '.dump';
  private clients?: PgClient[];
  private client?: PgClient;
  private serverMajor = 0;

  constructor(private readonly options: PostgresDriverOptions) {}

  private get secrets(): string[] {
    return this.options.target.password ? [this.options.target.password] : [];
  }

  private env(database?: string): NodeJS.ProcessEnv {
    return pgEnv(this.options.target, this.options.env ?? process.env, database);
  }

  private async allClients(): Promise<PgClient[]> {
    const cached = (await this.options.clientCache?.dirs()) ?? [];
    this.clients ??= await findPgClients([...cached, ...this.options.searchDirs]);
    if (this.clients.length === 0) {
      throw new ClientMissing(
        'no PostgreSQL client tools (pg_dump, pg_restore, psql) found: sudo apt-get install -y postgresql-client',
      );
    }
    return this.clients;
  }

  async query(sql: string, database?: string): Promise<string[][]> {
    const clients = await this.allClients();
    const psql = clients[clients.length - 1]!.bin('psql');
    try {
      const out = await runCommand(
        psql,
        ['-X', '-A', '-t', '-q', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '--no-password'],
        {
          env: this.env(database),
          secrets: this.secrets,
          input: sql,
          signal: this.options.signal,
        },
      );
      return out
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\t'));
    } catch (err) {
      throw classifyConnectionError(
        err,
        database ? { ...this.options.target, database } : this.options.target,
      );
    }
  }

  async inspect(): Promise<ServerInfo> {
    const [row] = await this.query(
      `SELECT current_setting('server_version_num'), current_setting('server_version'),
        CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END, pg_is_in_recovery()`,
    );
    const [num, version, lsn, recovery] = row ?? [];
    this.serverMajor = Math.floor(Number(num) / 10000);
    this.client = pickPgClient(await this.allClients(), this.serverMajor, `the PostgreSQL ${version} server`);
    await this.options.clientCache?.remember(this.client);
    this.options.log.info(
      `PostgreSQL server ${version}; using ${this.client.bin('pg_dump')} (${this.client.version})`,
    );
    return {
      version: version ?? '',
      position: { lsn: lsn ?? '', ...(recovery === 't' ? { standby: 'true' } : {}) },
      warnings: [],
    };
  }

  startDump(signal: AbortSignal): RunningProcess {
    if (!this.client) throw new Error('inspect() must run before startDump()');
    const args = [
      '--format=custom',
      '--compress=0',
      `--lock-wait-timeout=${this.options.lockWaitTimeoutMs ?? 120_000}`,
      '--no-password',
      ...this.options.dumpArgs,
    ];
    const proc = startProcess(this.client.bin('pg_dump'), args, {
      env: this.env(),
      secrets: this.secrets,
      signal,
    });
    proc.stdin.end();
    return proc;
  }

  checkDump(sniff: DumpSniff): void {
    checkPgArchive(sniff);
  }

  positionFromDump(): Record<string, string> {
    return {};
  }

  async toolVersions(): Promise<Record<string, string>> {
    return this.client ? { pg_dump: this.client.version } : {};
  }

  async startRestore(
    clean: boolean,
    dumpTools: Record<string, string>,
    signal: AbortSignal,
  ): Promise<RunningProcess> {
    await this.ensureDatabase();
    await this.inspect();
    const dumpMajor = Number(/^(\d+)/.exec(dumpTools.pg_dump ?? '')?.[1] ?? 0);
    const client = pickPgClient(
      await this.allClients(),
      Math.max(this.serverMajor, dumpMajor),
      `restoring an archive made by pg_dump ${dumpTools.pg_dump ?? '?'}`,
    );
    const args = [
      '--single-transaction',
      '--exit-on-error',
      '--no-password',
      `--dbname=${this.options.target.database}`,
    ];
    if (clean) args.push('--clean', '--if-exists');
    return startProcess(client.bin('pg_restore'), args, { env: this.env(), secrets: this.secrets, signal });
  }

  /** Creates the target database when it does not exist (restore into a fresh database). */
  private async ensureDatabase(): Promise<void> {
    const missing = await this.query('SELECT 1').then(
      () => false,
      (err: unknown) => {
        if (err instanceof Error && err.message.startsWith('database not found')) return true;
        throw err;
      },
    );
    if (!missing) return;
    const name = this.options.target.database;
    this.options.log.info(`creating database ${name}`);
    await this.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`, 'postgres');
  }

  async count(): Promise<RestoreCounts> {
    const [row] = await this.query(COUNT_SQL);
    return { tables: Number(row?.[0] ?? 0), rows: Number(row?.[1] ?? 0) };
  }

  async close(): Promise<void> {}
}

export function checkPgArchive(sniff: DumpSniff): void {
  if (sniff.bytes === 0) throw new BackupError('pg_dump produced an empty dump');
  if (sniff.head.subarray(0, 5).toString('latin1') !== 'PGDMP') {
    throw new BackupError('the dump is not a pg_dump custom-format archive (no PGDMP header)');
  }
}

/** verify: pg_restore reads the whole archive into /dev/null, which fails on any truncation or damage. */
export async function pgStructureChecker(
  dumpTools: Record<string, string>,
  searchDirs: string[],
): Promise<StructureChecker> {
  const dumpMajor = Number(/^(\d+)/.exec(dumpTools.pg_dump ?? '')?.[1] ?? 0);
  const clients = await findPgClients(searchDirs);
  const client = pickPgClient(
    clients,
    dumpMajor,
    `reading an archive made by pg_dump ${dumpTools.pg_dump ?? '?'}`,
  );
  let proc: RunningProcess | undefined;
  return {
    sink(): Writable {
      proc = startProcess(client.bin('pg_restore'), ['--file=/dev/null'], { stdout: 'ignore' });
      return processSink(proc);
    },
    done: async () => {
      try {
        await proc?.done;
      } catch (err) {
        throw new BackupError(`pg_restore cannot read the archive: ${(err as Error).message}`);
      }
    },
    check: checkPgArchive,
  };
}
