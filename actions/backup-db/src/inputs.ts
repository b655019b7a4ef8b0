// The backup-db inputs: keys are exactly the action.yml input names.
import { z } from 'zod';
import { input, secret } from '@deploy-actions/action-kit';

export const inputs = z.object({
  mode: input
    .oneOf(['backup', 'restore', 'verify', 'list', 'prune'])
    .default('backup')
    .describe('What to do: backup, restore, verify, list or prune.'),
  'database-url': secret(
    input
      .string()
      .optional()
      .describe(
        'postgres://, postgresql://, mysql:// or mariadb:// URL of the database (needed for backup and restore). Secret.',
      ),
  ),
  destination: input
    .string()
    .describe(
      'Where backups live: s3://bucket/prefix, file:///abs/dir, or a directory path (absolute or relative to the workspace).',
    ),
  's3-endpoint': input
    .url(['https:', 'http:'])
    .optional()
    .describe('S3-compatible endpoint (MinIO, R2, Ceph). Default: AWS.'),
  's3-region': input.string().optional().describe('S3 region. Default: AWS_REGION, else us-east-1.'),
  's3-force-path-style': input
    .boolean()
    .optional()
    .describe('Use path-style S3 URLs (most S3-compatible servers need this).'),
  name: input
    .string()
    .optional()
    .describe('Backup name prefix. Default: <repository name>-<environment or database name>.'),
  compression: input
    .oneOf(['zstd', 'gzip', 'none'])
    .default('gzip')
    .describe('Compression: zstd (needs the zstd command), gzip or none.'),
  encryption: input
    .oneOf(['none', 'age'])
    .default('none')
    .describe('Encryption: none, or age (with age-recipients or age-passphrase).'),
  'age-recipients': input
    .list()
    .optional()
    .describe('age public keys (age1…) to encrypt to, separated by newlines or commas.'),
  'age-passphrase': secret(
    input.string().optional().describe('Passphrase for age scrypt encryption and decryption. Secret.'),
  ),
  'age-identity': secret(
    input
      .string()
      .optional()
      .describe('age identity file contents (AGE-SECRET-KEY-1…) to decrypt for restore and verify. Secret.'),
  ),
  'retention-count': input
    .integer({ min: 1 })
    .optional()
    .describe('After a successful backup, keep at most this many backups of this name.'),
  'retention-days': input
    .number({ min: 0 })
    .optional()
    .describe('After a successful backup, delete backups of this name older than this many days.'),
  'backup-id': input
    .string()
    .default('latest')
    .describe('For restore and verify: a backup id from list, or latest.'),
  'restore-url': secret(
    input.string().optional().describe('Restore target database URL. Default: database-url. Secret.'),
  ),
  'restore-clean': input
    .boolean()
    .default('false')
    .describe('Drop the objects in the target database before restoring.'),
  'dump-args': input
    .string()
    .optional()
    .describe(
      'Extra `pg_dump` / `mariadb-dump` options, checked against a safe list (e.g. `--exclude-table-data=audit_log`).',
    ),
  timeout: input.duration().default('60m').describe('Time limit for the whole operation.'),
});

export type BackupDbInputs = z.output<typeof inputs>;
