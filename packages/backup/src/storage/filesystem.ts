// A directory as backup storage: `.partial` temp file, fsync, then rename into place.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { StorageError } from '../errors.js';
import { describeIoError, type BackupStore } from './store.js';

export class FilesystemStore implements BackupStore {
  readonly uri: string;

  constructor(private readonly dir: string) {
    this.uri = pathToFileURL(dir).href;
  }

  uriOf(key: string): string {
    return pathToFileURL(join(this.dir, key)).href;
  }

  async upload(key: string, body: Readable, signal?: AbortSignal): Promise<void> {
    await this.ensureDir();
    const temp = join(this.dir, `.${key}.partial-${randomBytes(4).toString('hex')}`);
    try {
      await pipeline(body, createWriteStream(temp, { mode: 0o600 }), { signal });
      await syncFile(temp);
      await rename(temp, join(this.dir, key));
    } catch (err) {
      await rm(temp, { force: true });
      throw this.wrap(err, `writing ${join(this.dir, key)}`);
    }
  }

  async writeText(key: string, text: string): Promise<void> {
    await this.upload(key, Readable.from([Buffer.from(text)]));
  }

  async readText(key: string): Promise<string | undefined> {
    try {
      return await readFile(join(this.dir, key), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw this.wrap(err, `reading ${join(this.dir, key)}`);
    }
  }

  async openRead(key: string): Promise<Readable> {
    const path = join(this.dir, key);
    if ((await this.size(key)) === undefined) throw new StorageError(`${path} does not exist`);
    return createReadStream(path, { highWaterMark: 256 * 1024 });
  }

  async size(key: string): Promise<number | undefined> {
    try {
      return (await stat(join(this.dir, key))).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw this.wrap(err, `reading ${join(this.dir, key)}`);
    }
  }

  async list(): Promise<string[]> {
    try {
      return (await readdir(this.dir, { withFileTypes: true }))
        .filter((e) => e.isFile() && !e.name.startsWith('.'))
        .map((e) => e.name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw this.wrap(err, `listing ${this.dir}`);
    }
  }

  async remove(key: string): Promise<void> {
    await rm(join(this.dir, key), { force: true });
  }

  async localCopy(key: string): Promise<{ path: string; cleanup(): Promise<void> }> {
    const path = join(this.dir, key);
    if ((await this.size(key)) === undefined) throw new StorageError(`${path} does not exist`);
    return { path, cleanup: async () => undefined };
  }

  private async ensureDir(): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
    } catch (err) {
      throw this.wrap(err, `creating ${this.dir}`);
    }
  }

  private wrap(err: unknown, doing: string): Error {
    const reason = describeIoError(err);
    if (reason) return new StorageError(`${reason} while ${doing}`, { cause: err });
    return err instanceof Error ? err : new Error(String(err));
  }
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
