// Backup ids sort by time: `<name>-<UTC yyyymmddThhmmssZ>-<4 hex>` (the suffix avoids collisions
// between two backups in the same second).
import { randomBytes } from 'node:crypto';
import type { Compression } from './pipeline/compression.js';
import { COMPRESSION_EXTENSIONS } from './pipeline/compression.js';

export function makeBackupId(name: string, nowMs: number, suffix = randomBytes(2).toString('hex')): string {
  const stamp = new Date(nowMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${name}-${stamp}-${suffix}`;
}

/** A name safe in object keys and file names: letters, digits, `.`, `_`, `-`. */
export function sanitizeName(raw: string): string {
  const cleaned = raw.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return cleaned || 'backup';
}

export function objectKey(
  id: string,
  extension: string,
  compression: Compression,
  encrypted: boolean,
): string {
  return `${id}${extension}${COMPRESSION_EXTENSIONS[compression]}${encrypted ? '.age' : ''}`;
}
