// The five modes, each: inputs → library calls → outputs. Summary writing lives in report.ts.
import {
  InputError,
  runnerToolCache,
  type ActionContext,
  type Clock,
  type Outputs,
} from '@deploy-actions/action-kit';
import {
  createBackup,
  listBackups,
  openDriver,
  pgClientCache,
  pruneBackups,
  resolveBackup,
  restoreBackup,
  structureCheckerFor,
  verifyBackup,
  type Manifest,
} from '@deploy-actions/backup';
import type { BackupDbInputs } from './inputs.js';
import { backupSummary, listSummary, pruneSummary, restoreSummary } from './report.js';
import {
  backupName,
  databaseFrom,
  decryptionFrom,
  encryptionFrom,
  metadataFrom,
  storeFrom,
} from './settings.js';

export interface ModeContext {
  values: BackupDbInputs;
  ctx: ActionContext;
  clock: Clock;
  signal: AbortSignal;
  tempDir: string;
}

export function manifestOutputs(m: Manifest, uri: string): Outputs {
  return {
    'backup-id': m.id,
    uri,
    'size-bytes': m.sizeBytes,
    sha256: m.sha256,
    'duration-seconds': m.durationSeconds,
    manifest: m,
  };
}

export async function backupMode({ values, ctx, clock, signal, tempDir }: ModeContext): Promise<Outputs> {
  const target = databaseFrom(values, 'database-url', (v) => ctx.secret(v));
  const store = await storeFrom(values, ctx.env);
  const name = backupName(values, ctx.env, target)!;
  const toolCache = runnerToolCache(ctx.env);
  const driver = openDriver(target, {
    log: ctx.log,
    tempDir,
    dumpArgs: values['dump-args'],
    env: ctx.env,
    pgClientCache: toolCache && pgClientCache(toolCache, ctx.log),
    signal,
  });
  try {
    const manifest = await ctx.group('backup', () =>
      createBackup({
        driver,
        store,
        name,
        compression: values.compression,
        encryption: encryptionFrom(values),
        metadata: metadataFrom(ctx.env),
        clock,
        log: ctx.log,
        signal,
      }),
    );
    const outputs = manifestOutputs(manifest, store.uriOf(manifest.key));
    for (const [k, v] of Object.entries(outputs)) ctx.setOutput(k, v);
    const policy = { count: values['retention-count'], days: values['retention-days'] };
    const pruned =
      policy.count === undefined && policy.days === undefined
        ? []
        : await ctx.group('retention', () =>
            pruneBackups(store, policy, { nowMs: clock.now(), keepId: manifest.id, name, log: ctx.log }),
          );
    backupSummary(ctx.summary, manifest, store.uriOf(manifest.key), pruned);
    return outputs;
  } finally {
    await driver.close();
  }
}

async function checkedBackup({ values, ctx }: ModeContext, name: string | undefined) {
  const store = await storeFrom(values, ctx.env);
  const manifest = await resolveBackup(
    store,
    values['backup-id'],
    values['backup-id'] === 'latest' ? name : undefined,
  );
  const structure = await structureCheckerFor(manifest, { env: ctx.env });
  return { store, manifest, structure };
}

export async function verifyMode(mode: ModeContext): Promise<Outputs> {
  const { values, ctx, signal, tempDir } = mode;
  const target = values['database-url']
    ? databaseFrom(values, 'database-url', (v) => ctx.secret(v))
    : undefined;
  const { store, manifest, structure } = await checkedBackup(mode, backupName(values, ctx.env, target));
  await ctx.group(`verify ${manifest.id}`, () =>
    verifyBackup({ store, manifest, structure, keys: decryptionFrom(values), tempDir, log: ctx.log, signal }),
  );
  ctx.summary.heading(`Backup ${manifest.id} verified`, 2);
  backupSummary(ctx.summary, manifest, store.uriOf(manifest.key), [], false);
  return manifestOutputs(manifest, store.uriOf(manifest.key));
}

export async function restoreMode(mode: ModeContext): Promise<Outputs> {
  const { values, ctx, signal, tempDir } = mode;
  const source = values['database-url']
    ? databaseFrom(values, 'database-url', (v) => ctx.secret(v))
    : undefined;
  const target = values['restore-url'] ? databaseFrom(values, 'restore-url', (v) => ctx.secret(v)) : source;
  if (!target)
    throw new InputError('restore-url', undefined, 'mode restore needs restore-url or database-url');
  const { store, manifest, structure } = await checkedBackup(
    mode,
    backupName(values, ctx.env, source ?? target),
  );
  const driver = openDriver(target, { log: ctx.log, tempDir, env: ctx.env, signal });
  try {
    const counts = await ctx.group(`restore ${manifest.id}`, () =>
      restoreBackup({
        store,
        manifest,
        structure,
        driver,
        clean: values['restore-clean'],
        keys: decryptionFrom(values),
        tempDir,
        log: ctx.log,
        signal,
      }),
    );
    restoreSummary(ctx.summary, manifest, counts, target.database);
    return {
      ...manifestOutputs(manifest, store.uriOf(manifest.key)),
      'restored-id': manifest.id,
      tables: counts.tables,
      rows: counts.rows,
    };
  } finally {
    await driver.close();
  }
}

export async function listMode({ values, ctx }: ModeContext): Promise<Outputs> {
  const store = await storeFrom(values, ctx.env);
  const name = values.name ? backupName(values, ctx.env) : undefined;
  const manifests = await listBackups(store, { name, log: ctx.log });
  for (const m of manifests)
    ctx.log.info(`${m.id}\t${m.created}\t${m.sizeBytes} bytes\t${m.engine} ${m.database}`);
  listSummary(ctx.summary, manifests, store.uri);
  const newest = manifests[0];
  return { 'backup-id': newest?.id ?? '', uri: newest ? store.uriOf(newest.key) : '', manifest: manifests };
}

export async function pruneMode({ values, ctx, clock }: ModeContext): Promise<Outputs> {
  const policy = { count: values['retention-count'], days: values['retention-days'] };
  if (policy.count === undefined && policy.days === undefined) {
    throw new InputError(
      'retention-count',
      undefined,
      'mode prune needs retention-count and/or retention-days',
    );
  }
  const store = await storeFrom(values, ctx.env);
  const target = values['database-url']
    ? databaseFrom(values, 'database-url', (v) => ctx.secret(v))
    : undefined;
  const name = values.name || target ? backupName(values, ctx.env, target) : undefined;
  const pruned = await pruneBackups(store, policy, { nowMs: clock.now(), name, log: ctx.log });
  pruneSummary(ctx.summary, pruned, store.uri);
  return { manifest: pruned };
}
