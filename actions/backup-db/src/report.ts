// Job summary tables for each mode (user data is escaped by the Summary builder).
import type { Summary } from '@deploy-actions/action-kit';
import type { Manifest, RestoreCounts } from '@deploy-actions/backup';

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

function position(m: Manifest): string {
  return (
    Object.entries(m.position)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ') || '–'
  );
}

export function backupSummary(
  summary: Summary,
  m: Manifest,
  uri: string,
  pruned: Manifest[],
  heading = true,
): void {
  if (heading) summary.heading(`Backup ${m.id}`, 2);
  summary.table(
    ['', ''],
    [
      ['Database', `${m.engine} ${m.serverVersion} / ${m.database}`],
      ['Stored at', uri],
      ['Size', `${mib(m.sizeBytes)} (dump ${mib(m.dumpBytes)})`],
      ['sha256', m.sha256],
      [
        'Compression / encryption',
        `${m.compression} / ${m.encryption}${m.encryptionMode ? ` (${m.encryptionMode})` : ''}`,
      ],
      ['Snapshot position', position(m)],
      ['Duration', `${m.durationSeconds} s`],
    ],
  );
  if (pruned.length)
    summary.details(
      `Retention pruned ${pruned.length} backup(s)`,
      pruned.map((p) => `${p.id}  ${p.created}`).join('\n'),
    );
}

export function restoreSummary(summary: Summary, m: Manifest, counts: RestoreCounts, database: string): void {
  summary.heading(`Restored ${m.id} into ${database}`, 2);
  summary.table(
    ['Backup', 'Created', 'sha256', 'Tables', 'Rows'],
    [[m.id, m.created, m.sha256, counts.tables, counts.rows]],
  );
}

export function listSummary(summary: Summary, manifests: Manifest[], uri: string): void {
  summary.heading(`${manifests.length} backup(s) in ${uri}`, 2);
  summary.table(
    ['Id', 'Created', 'Engine', 'Database', 'Size', 'Encryption'],
    manifests.map((m) => [m.id, m.created, m.engine, m.database, mib(m.sizeBytes), m.encryption]),
  );
}

export function pruneSummary(summary: Summary, pruned: Manifest[], uri: string): void {
  summary.heading(`Pruned ${pruned.length} backup(s) from ${uri}`, 2);
  if (pruned.length)
    summary.table(
      ['Id', 'Created', 'Size'],
      pruned.map((m) => [m.id, m.created, mib(m.sizeBytes)]),
    );
}
