// MySQL / MariaDB: mariadb-dump (or mysqldump) --single-transaction --routines --triggers --events,
// with the binlog position and GTID recorded when the binary log is on; restore by streaming into
// the `mariadb` (or `mysql`) client. Credentials travel in a 0600 defaults file only.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Logger } from '@deploy-actions/action-kit';
import type { DatabaseTarget } from '../database-url.js';
import { BackupError, ClientMissing } from '../errors.js';
import { runCommand, startProcess, type RunningProcess } from '../process.js';
import { classifyConnectionError } from './connection-errors.js';
import type { DumpDriver, DumpSniff, RestoreCounts, ServerInfo } from './driver.js';
import { writeDefaultsFile, type DefaultsFile } from './mysql-defaults-file.js';

export interface MysqlDriverOptions {
  target: DatabaseTarget;
  dumpArgs: string[];
  log: Logger;
  tempDir: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

function which(names: string[], env: NodeJS.ProcessEnv): string | undefined {
  for (const name of names) {
    for (const dir of (env.PATH ?? '/usr/bin').split(delimiter))
      if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

const ident = (name: string) => `\`${name.replace(/`/g, '``')}\``;
const literal = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export class MysqlDriver implements DumpDriver {
  readonly engine = 'mysql' as const;
  get database(): string {
    return this.options.target.database;
  }
  readonly extension = '.sql';
  private defaults?: DefaultsFile;
  private binlog = false;
  private mariadb = true;

  constructor(private readonly options: MysqlDriverOptions) {}

  private get env(): NodeJS.ProcessEnv {
    return this.options.env ?? process.env;
  }

  private tool(kind: 'dump' | 'client'): string {
    const names = kind === 'dump' ? ['mariadb-dump', 'mysqldump'] : ['mariadb', 'mysql'];
    const found = which(names, this.env);
    if (!found)
      throw new ClientMissing(
        `no ${names.join(' or ')} on PATH: sudo apt-get install -y mariadb-client (or mysql-client)`,
      );
    return found;
  }

  private async defaultsPath(): Promise<string> {
    this.defaults ??= await writeDefaultsFile(this.options.target, this.options.tempDir);
    return this.defaults.path;
  }

  async query(sql: string, database: string | null = this.options.target.database): Promise<string[][]> {
    const args = [
      `--defaults-extra-file=${await this.defaultsPath()}`,
      '--batch',
      '--skip-column-names',
      '--default-character-set=utf8mb4',
    ];
    if (database) args.push(database);
    try {
      const out = await runCommand(this.tool('client'), args, {
        env: this.env,
        input: sql,
        secrets: this.secrets,
        signal: this.options.signal,
      });
      return out
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\t'));
    } catch (err) {
      throw classifyConnectionError(err, this.options.target);
    }
  }

  private get secrets(): string[] {
    return this.options.target.password ? [this.options.target.password] : [];
  }

  async inspect(): Promise<ServerInfo> {
    const [row] = await this.query('SELECT VERSION(), @@log_bin;');
    const version = row?.[0] ?? '';
    this.mariadb = /mariadb/i.test(version);
    this.binlog = row?.[1] === '1';
    const db = literal(this.options.target.database);
    const others = await this.query(
      `SELECT TABLE_NAME, ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${db} AND TABLE_TYPE = 'BASE TABLE' AND ENGINE <> 'InnoDB';`,
    );
    const warnings = others.length
      ? [
          `tables not on InnoDB are not covered by --single-transaction and may be inconsistent: ${others.map(([t, e]) => `${t} (${e})`).join(', ')}`,
        ]
      : [];
    if (!this.binlog) this.options.log.info('binary log is off: no binlog position or GTID to record');
    return { version, position: {}, warnings };
  }

  startDump(signal: AbortSignal): RunningProcess {
    if (!this.defaults) throw new Error('inspect() must run before startDump()');
    const args = [
      `--defaults-extra-file=${this.defaults.path}`,
      '--single-transaction',
      '--routines',
      '--triggers',
      '--events',
      '--hex-blob',
      '--quick',
      '--default-character-set=utf8mb4',
    ];
    if (this.binlog) args.push('--master-data=2', ...(this.mariadb ? ['--gtid'] : []));
    args.push(...this.options.dumpArgs, this.options.target.database);
    const proc = startProcess(this.tool('dump'), args, { env: this.env, secrets: this.secrets, signal });
    proc.stdin.end();
    return proc;
  }

  checkDump(sniff: DumpSniff): void {
    checkSqlDump(sniff);
  }

  positionFromDump(sniff: DumpSniff): Record<string, string> {
    // MariaDB prints the binlog file/offset at the top and the GTID state near the end of the dump.
    const head = `${sniff.head.toString('utf8')}\n${sniff.tail.toString('utf8')}`;
    const position: Record<string, string> = {};
    const change = /CHANGE MASTER TO MASTER_LOG_FILE='([^']+)', MASTER_LOG_POS=(\d+)/.exec(head);
    if (change) Object.assign(position, { binlogFile: change[1]!, binlogPosition: change[2]! });
    const gtid = /gtid_slave_pos='([^']*)'/.exec(head) ?? /GTID_PURGED='([^']*)'/.exec(head);
    if (gtid) position.gtid = gtid[1]!;
    return position;
  }

  async toolVersions(): Promise<Record<string, string>> {
    const dump = this.tool('dump');
    const version = (await runCommand(dump, ['--version']).catch(() => '')).trim();
    return { [dump.split('/').pop()!]: version };
  }

  async startRestore(
    clean: boolean,
    _dumpTools: Record<string, string>,
    signal: AbortSignal,
  ): Promise<RunningProcess> {
    const db = this.options.target.database;
    if (clean) {
      const [charset] = await this.query(
        `SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ${literal(db)};`,
        null,
      );
      const spec = charset ? ` CHARACTER SET ${charset[0]} COLLATE ${charset[1]}` : ' CHARACTER SET utf8mb4';
      this.options.log.info(`restore-clean: dropping and re-creating database ${db}`);
      await this.query(`DROP DATABASE IF EXISTS ${ident(db)}; CREATE DATABASE ${ident(db)}${spec};`, null);
    } else {
      const exists = await this.query(
        `SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ${literal(db)};`,
        null,
      );
      if (exists.length === 0) {
        this.options.log.info(`creating database ${db}`);
        await this.query(`CREATE DATABASE ${ident(db)} CHARACTER SET utf8mb4;`, null);
      }
    }
    await this.inspect();
    const args = [
      `--defaults-extra-file=${await this.defaultsPath()}`,
      '--default-character-set=utf8mb4',
      '--batch',
      db,
    ];
    return startProcess(this.tool('client'), args, { env: this.env, secrets: this.secrets, signal });
  }

  async count(): Promise<RestoreCounts> {
    const db = literal(this.options.target.database);
    const tables = (
      await this.query(
        `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${db} AND TABLE_TYPE = 'BASE TABLE';`,
      )
    ).map((r) => r[0]!);
    if (tables.length === 0) return { tables: 0, rows: 0 };
    const sum = tables.map((t) => `SELECT COUNT(*) AS c FROM ${ident(t)}`).join(' UNION ALL ');
    const [row] = await this.query(`SELECT COALESCE(SUM(c), 0) FROM (${sum}) AS counts;`);
    return { tables: tables.length, rows: Number(row?.[0] ?? 0) };
  }

  async close(): Promise<void> {
    await this.defaults?.remove();
    this.defaults = undefined;
  }
}

/** An SQL dump starts with the client's banner and ends with `-- Dump completed` (the truncation check). */
export function checkSqlDump(sniff: DumpSniff): void {
  if (sniff.bytes === 0) throw new BackupError('the dump is empty');
  const head = sniff.head.subarray(0, 200).toString('utf8');
  if (!/^(\/\*[^\n]*\*\/\n)?-- (MariaDB|MySQL) dump/m.test(head))
    throw new BackupError('the dump is not a mariadb-dump/mysqldump SQL file (no dump header)');
  if (!sniff.tail.toString('utf8').includes('-- Dump completed')) {
    throw new BackupError('the dump is truncated: no "-- Dump completed" line at its end');
  }
}
