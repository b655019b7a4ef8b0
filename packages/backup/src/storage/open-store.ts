// Picks the storage for a `destination`: s3://bucket/prefix, file:///abs/dir, or a directory path.
// The AWS SDK is loaded only for s3:// destinations (a lazy chunk in the bundle).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '@deploy-actions/action-kit';
import { FilesystemStore } from './filesystem.js';
import type { S3Settings } from './s3.js';
import type { BackupStore } from './store.js';

export async function openStore(
  destination: string,
  s3: S3Settings = {},
  cwd = process.cwd(),
): Promise<BackupStore> {
  const value = destination.trim();
  if (value.startsWith('s3://')) {
    const { openS3Store } = await import('./s3.js');
    return openS3Store(value, s3);
  }
  if (value.startsWith('file://')) {
    try {
      return new FilesystemStore(fileURLToPath(value));
    } catch {
      throw new ConfigurationError(
        `destination ${JSON.stringify(value)}: a file URL must be absolute, e.g. file:///var/backups`,
      );
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new ConfigurationError(
      `destination ${JSON.stringify(value)}: use s3://bucket/prefix, file:///abs/dir or a directory path`,
    );
  }
  return new FilesystemStore(resolve(cwd, value));
}
