// Where backups live. Every write is atomic from a reader's point of view: bytes go to a temporary
// name first and reach the final key only after the whole stream succeeded.
import type { Readable } from 'node:stream';

export interface BackupStore {
  /** The destination as the user wrote it, normalised (s3://bucket/prefix or file:///dir). */
  readonly uri: string;
  uriOf(key: string): string;
  /** Streams `body` to `key` through a temporary object; the final key appears only on success. */
  upload(key: string, body: Readable, signal?: AbortSignal): Promise<void>;
  writeText(key: string, text: string): Promise<void>;
  /** The text at `key`, or undefined when there is none. */
  readText(key: string): Promise<string | undefined>;
  openRead(key: string): Promise<Readable>;
  /** Size in bytes, or undefined when the key does not exist. */
  size(key: string): Promise<number | undefined>;
  /** Keys directly under the destination (temporary objects excluded). */
  list(): Promise<string[]>;
  remove(key: string): Promise<void>;
  /** A local file holding `key`: the stored file itself, or a download into `tempDir`. */
  localCopy(
    key: string,
    tempDir: string,
    signal?: AbortSignal,
  ): Promise<{ path: string; cleanup(): Promise<void> }>;
}

export function describeIoError(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC') return 'disk full';
  if (code === 'EDQUOT') return 'disk quota exceeded';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'read-only file system';
  return undefined;
}
