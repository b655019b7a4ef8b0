// The manifest `<id>.json`, written last: what a restore needs to trust and decode a backup.
import { z } from 'zod';
import { BackupError } from './errors.js';

export const manifestSchema = z.object({
  formatVersion: z.literal(1),
  id: z.string().min(1),
  name: z.string().min(1),
  key: z.string().min(1),
  engine: z.enum(['postgres', 'mysql']),
  serverVersion: z.string(),
  database: z.string(),
  created: z.string(),
  gitSha: z.string().optional(),
  runId: z.string().optional(),
  repository: z.string().optional(),
  environment: z.string().optional(),
  compression: z.enum(['gzip', 'zstd', 'none']),
  encryption: z.enum(['none', 'age']),
  encryptionMode: z.enum(['recipients', 'passphrase']).optional(),
  sizeBytes: z.number().int().nonnegative(),
  dumpBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  tools: z.record(z.string()),
  /** PostgreSQL: WAL LSN at dump start; MySQL/MariaDB: binlog file/position and GTID. */
  position: z.record(z.string()).default({}),
  durationSeconds: z.number().nonnegative(),
});

export type Manifest = z.infer<typeof manifestSchema>;

export const MANIFEST_SUFFIX = '.json';

export function manifestKey(id: string): string {
  return `${id}${MANIFEST_SUFFIX}`;
}

export function parseManifest(text: string, source: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupError(`manifest ${source} is not valid JSON`);
  }
  const result = manifestSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new BackupError(
      `manifest ${source} is invalid: ${issue.path.join('.') || 'root'}: ${issue.message}`,
    );
  }
  return result.data;
}

export function serializeManifest(manifest: Manifest): string {
  return JSON.stringify(manifest, null, 2) + '\n';
}
