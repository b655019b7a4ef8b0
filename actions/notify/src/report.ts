// The job summary and log lines for a notify run: one row per channel with what happened.
import type { Logger, Summary } from '@deploy-actions/action-kit';
import type { DeployMessage, NotifyReport } from '@deploy-actions/notify';
import { titleText } from '@deploy-actions/notify';

const ICON = { sent: '✅ sent', failed: '❌ failed', skipped: '➖ skipped' } as const;

export function writeSummary(summary: Summary, message: DeployMessage, report: NotifyReport): void {
  summary.heading(`Notify: ${titleText(message)}`, 3);
  summary.table(
    ['channel', 'result', 'detail', 'time'],
    report.results.map((r) => [r.channel, ICON[r.state], r.detail, `${(r.durationMs / 1000).toFixed(1)} s`]),
  );
}

export function logResults(log: Logger, report: NotifyReport): void {
  for (const r of report.results) {
    if (r.state === 'sent') log.info(`${r.channel}: sent${r.detail ? ` (${r.detail})` : ''}`);
    else if (r.state === 'skipped') log.info(`${r.channel}: skipped, ${r.detail}`);
  }
}
