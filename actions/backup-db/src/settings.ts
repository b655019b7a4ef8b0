// Derives what the modes need from the inputs and the runner environment: the store, the backup
// name, encryption settings and keys, metadata, and a private temp dir.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { InputError } from '@deploy-actions/action-kit';
import {
  openStore,
  parseDatabaseUrl,
  parseIdentities,
  sanitizeName,
  type BackupMetadata,
  type BackupStore,
  type DatabaseTarget,
  type DecryptionKeys,
  type EncryptionSettings,
} from '@deploy-actions/backup';
import type { BackupDbInputs } from './inputs.js';

export function storeFrom(values: BackupDbInputs, env: NodeJS.ProcessEnv): Promise<BackupStore> {
  return openStore(
    values.destination,
    {
      endpoint: values['s3-endpoint']?.href.replace(/\/$/, ''),
      region: values['s3-region'],
      forcePathStyle: values['s3-force-path-style'],
    },
    env.GITHUB_WORKSPACE ?? process.cwd(),
  );
}

export function databaseFrom(
  values: BackupDbInputs,
  input: 'database-url' | 'restore-url',
  mask: (v: string) => void,
): DatabaseTarget {
  const raw = values[input];
  if (!raw)
    throw new InputError(
      input,
      undefined,
      `mode ${values.mode} needs a database URL (postgres://… or mysql://…)`,
    );
  const target = parseDatabaseUrl(raw, input);
  if (target.password) mask(target.password);
  return target;
}

/** `name`, else `<repository name>-<environment or database name>`; undefined when neither is known. */
export function backupName(
  values: BackupDbInputs,
  env: NodeJS.ProcessEnv,
  target?: DatabaseTarget,
): string | undefined {
  if (values.name) return sanitizeName(values.name);
  const suffix = env.DEPLOY_ENVIRONMENT || env.ENVIRONMENT || target?.database;
  if (!suffix) return undefined;
  const repo = env.GITHUB_REPOSITORY ? basename(env.GITHUB_REPOSITORY) : '';
  return sanitizeName(repo ? `${repo}-${suffix}` : suffix);
}

export function encryptionFrom(values: BackupDbInputs): EncryptionSettings {
  if (values.encryption === 'none') return { kind: 'none' };
  const recipients = values['age-recipients'] ?? [];
  const passphrase = values['age-passphrase'];
  if (recipients.length > 0 && passphrase !== undefined) {
    throw new InputError(
      'age-passphrase',
      passphrase,
      'give either age-recipients or age-passphrase for encryption: age, not both',
      { secret: true },
    );
  }
  if (recipients.length > 0) return { kind: 'age', recipients };
  if (passphrase !== undefined) return { kind: 'age', passphrase };
  throw new InputError(
    'age-recipients',
    undefined,
    'encryption: age needs age-recipients (age1… public keys) or age-passphrase',
  );
}

export function decryptionFrom(values: BackupDbInputs): DecryptionKeys | undefined {
  const identities = values['age-identity'] ? parseIdentities(values['age-identity']) : [];
  const passphrase = values['age-passphrase'];
  if (identities.length === 0 && passphrase === undefined) return undefined;
  return { identities, passphrase };
}

export function metadataFrom(env: NodeJS.ProcessEnv): BackupMetadata {
  const pick = (v: string | undefined) => (v ? v : undefined);
  return {
    gitSha: pick(env.GITHUB_SHA),
    runId: pick(env.GITHUB_RUN_ID),
    repository: pick(env.GITHUB_REPOSITORY),
    environment: pick(env.DEPLOY_ENVIRONMENT || env.ENVIRONMENT),
  };
}

/** A private directory under RUNNER_TEMP for credential files and downloads; removed by `dispose`. */
export async function privateTempDir(
  env: NodeJS.ProcessEnv,
): Promise<{ path: string; dispose(): Promise<void> }> {
  const path = await mkdtemp(join(env.RUNNER_TEMP || tmpdir(), 'backup-db-'));
  return { path, dispose: () => rm(path, { recursive: true, force: true }) };
}
