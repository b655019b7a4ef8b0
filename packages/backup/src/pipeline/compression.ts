// Compression stages. gzip uses node:zlib (runs on the libuv thread pool). zstd spawns the `zstd`
// binary: Node 20's zlib has no zstd, and the binary is multithreaded, streams, and is on every
// GitHub-hosted runner, whereas npm zstd packages are native addons (bad for a bundled action)
// or WebAssembly ports that compress whole buffers.
import { PassThrough, type Duplex } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { ClientMissing } from '../errors.js';
import { processStage } from './process-stage.js';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type Compression = 'gzip' | 'zstd' | 'none';

export const COMPRESSION_EXTENSIONS: Record<Compression, string> = { gzip: '.gz', zstd: '.zst', none: '' };

/** gzip level 3: about twice the speed of level 6 for a few percent more bytes on SQL dumps. */
const GZIP_LEVEL = 3;

export function findZstd(env: NodeJS.ProcessEnv = process.env): string {
  for (const dir of (env.PATH ?? '/usr/bin').split(delimiter)) {
    const candidate = join(dir, 'zstd');
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new ClientMissing(
    'compression zstd needs the `zstd` command on PATH: sudo apt-get install -y zstd (or use compression: gzip)',
  );
}

export function compressStage(kind: Compression): Duplex {
  if (kind === 'gzip') return createGzip({ level: GZIP_LEVEL, chunkSize: 64 * 1024 });
  if (kind === 'zstd') return processStage(findZstd(), ['-q', '-c', '-3', '-T0']);
  return new PassThrough();
}

export function decompressStage(kind: Compression): Duplex {
  if (kind === 'gzip') return createGunzip({ chunkSize: 64 * 1024 });
  if (kind === 'zstd') return processStage(findZstd(), ['-q', '-d', '-c']);
  return new PassThrough();
}
