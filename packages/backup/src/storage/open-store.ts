// Picks the storage for a `destination`: s3://bucket/prefix, file:///abs/dir, or a directory path.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { S3Client } from '@aws-sdk/client-s3';
import { ConfigurationError } from '@deploy-actions/action-kit';
import { FilesystemStore } from './filesystem.js';
import { parseS3Uri, s3ClientConfig, S3Store, type S3Settings } from './s3.js';
import type { BackupStore } from './store.js';

export function openStore(destination: string, s3: S3Settings = {}, cwd = process.cwd()): BackupStore {
  const value = destination.trim();
  if (value.startsWith('s3://')) return new S3Store(new S3Client(s3ClientConfig(s3)), parseS3Uri(value));
  if (value.startsWith('file://')) {
    try {
      return new FilesystemStore(fileURLToPath(value));
    } catch {
      throw new ConfigurationError(`destination ${JSON.stringify(value)}: a file URL must be absolute, e.g. file:///var/backups`);
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new ConfigurationError(`destination ${JSON.stringify(value)}: use s3://bucket/prefix, file:///abs/dir or a directory path`);
  }
  return new FilesystemStore(resolve(cwd, value));
}
