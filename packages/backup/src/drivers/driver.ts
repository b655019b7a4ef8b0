// What the backup, verify and restore flows need from a database engine.
import type { Writable } from 'node:stream';
import type { Engine } from '../database-url.js';
import type { RunningProcess } from '../process.js';

export interface ServerInfo {
  version: string;
  /** Snapshot position known before the dump starts (PostgreSQL LSN). */
  position: Record<string, string>;
  /** Things the user should know (non-InnoDB tables, …). */
  warnings: string[];
}

export interface DumpSniff {
  head: Buffer;
  tail: Buffer;
  bytes: number;
}

export interface RestoreCounts {
  tables: number;
  rows: number;
}

export interface DumpDriver {
  readonly engine: Engine;
  /** The database name (recorded in the manifest). */
  readonly database: string;
  /** File name part after the id, before compression: `.dump` (pg custom format) or `.sql`. */
  readonly extension: string;
  /** Connects, checks versions and clients; throws DatabaseConnectionError / ClientMissing. */
  inspect(): Promise<ServerInfo>;
  /** Starts the dump; stdout is the plain dump. */
  startDump(signal: AbortSignal): RunningProcess;
  /** Throws BackupError when the plain dump is empty, truncated or not a dump of this engine. */
  checkDump(sniff: DumpSniff): void;
  /** Positions read from the dump itself (MySQL/MariaDB binlog file, position, GTID). */
  positionFromDump(sniff: DumpSniff): Record<string, string>;
  toolVersions(): Promise<Record<string, string>>;
  /** Makes the target database exist (and empty when `clean`), then returns the restore process (stdin = plain dump). */
  startRestore(
    clean: boolean,
    dumpTools: Record<string, string>,
    signal: AbortSignal,
  ): Promise<RunningProcess>;
  count(): Promise<RestoreCounts>;
  /** Deletes temporary credential files. */
  close(): Promise<void>;
}

/** An engine-specific structure check over the plain dump that needs no database (verify). */
export interface StructureChecker {
  /** A writable sink (may be a process) that fails when the dump is damaged. */
  sink(): Writable;
  done(): Promise<void>;
  check(sniff: DumpSniff): void;
}
