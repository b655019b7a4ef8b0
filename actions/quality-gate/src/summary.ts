// The job summary: verdict first, the gates, then tests (failed, flaky, quarantined), coverage by
// top-level folder and findings by severity. Every piece of report data goes through Summary's escaping.
import { Summary, mermaidLabel } from '@deploy-actions/action-kit';
import { format2, passRate, type Collected, type GateResult } from '@deploy-actions/reports';

const FAILED_SHOWN = 50;

export function writeSummary(s: Summary, c: Collected, gate: GateResult): void {
  s.heading(`Quality gate: ${gate.verdict === 'pass' ? '✅ pass' : '❌ fail'}`, 2);
  if (gate.reasons.length > 0) s.list(gate.reasons);
  s.table(
    ['Gate', 'Threshold', 'Actual', 'Result'],
    gate.gates.map((g) => [g.gate, g.threshold, g.actual, g.passed ? '✅ pass' : '❌ fail']),
  );
  if (c.tests) testsSection(s, c.tests);
  if (c.coverage) coverageSection(s, c.coverage);
  if (c.findings) findingsSection(s, c.findings.counts);
  if (c.files.length > 0) {
    s.details(
      `Reports read (${c.files.length})`,
      new Summary().table(
        ['File', 'Format'],
        c.files.map((f) => [f.file, f.format]),
      ),
    );
  }
}

function testsSection(s: Summary, t: NonNullable<Collected['tests']>): void {
  s.heading('Tests', 3);
  s.table(
    ['Total', 'Passed', 'Failed', 'Errored', 'Skipped', 'Flaky', 'Quarantined', 'Pass rate'],
    [
      [
        t.total,
        t.passed,
        t.failed,
        t.errored,
        t.skipped,
        t.flaky,
        t.quarantined,
        passRate(t) === undefined ? '–' : `${format2(passRate(t))}%`,
      ],
    ],
  );
  const rows = (list: typeof t.failures) =>
    list
      .slice(0, FAILED_SHOWN)
      .map((f) => [
        f.id,
        f.outcome,
        f.message ?? '',
        f.file
          ? `${f.file}${f.line ? `:${f.line}` : ''}`
          : `${f.report.file}${f.report.line ? `:${f.report.line}` : ''}`,
      ]);
  const header = ['Test', 'Outcome', 'Message', 'Location'];
  const more = (n: number) => (n > FAILED_SHOWN ? `, first ${FAILED_SHOWN} shown` : '');
  const failedCount = t.failed + t.errored;
  if (failedCount > 0) {
    const shown = Math.min(FAILED_SHOWN, t.failures.length);
    s.details(
      `Failed tests (${failedCount}${shown < failedCount ? `, first ${shown} shown` : ''})`,
      new Summary().table(header, rows(t.failures)),
    );
  }
  if (t.flaky > 0)
    s.details(
      `Flaky tests (${t.flaky}${more(t.flaky)}): failed, then passed`,
      new Summary().table(header, rows(t.flakyTests)),
    );
  if (t.quarantined > 0)
    s.details(
      `Quarantined tests (${t.quarantined}${more(t.quarantined)}): failed, not counted`,
      new Summary().table(header, rows(t.quarantinedTests)),
    );
}

function coverageSection(s: Summary, cov: NonNullable<Collected['coverage']>): void {
  s.heading('Coverage', 3);
  const pct = (v: number | undefined) => (v === undefined ? '–' : `${format2(v)}%`);
  s.table(
    ['Lines', 'Branches', 'Changed lines', 'Files'],
    [
      [
        pct(cov.line),
        pct(cov.branch),
        cov.diff ? `${pct(cov.diffPercent)} (${cov.diff.covered}/${cov.diff.total})` : '–',
        cov.map.files.size,
      ],
    ],
  );
  const folders = [...cov.map.byFolder()];
  if (folders.length === 0) return;
  const ratio = (r: { covered: number; total: number }) =>
    r.total === 0 ? '–' : `${format2((r.covered / r.total) * 100)}% (${r.covered}/${r.total})`;
  s.table(
    ['Folder', 'Lines', 'Branches'],
    folders.map(([name, t]) => [name, ratio(t.lines), ratio(t.branches)]),
  );
  const charted = folders.filter(([, t]) => t.lines.total > 0).slice(0, 20);
  if (charted.length > 1) {
    const labels = charted.map(([n]) => `"${mermaidLabel(n)}"`).join(', ');
    const values = charted.map(([, t]) => ((t.lines.covered / t.lines.total) * 100).toFixed(1)).join(', ');
    s.mermaid(
      `xychart-beta\n  title "Line coverage by folder (%)"\n  x-axis [${labels}]\n  y-axis 0 --> 100\n  bar [${values}]`,
    );
  }
}

function findingsSection(s: Summary, counts: NonNullable<Collected['findings']>['counts']): void {
  s.heading('Findings', 3);
  s.table(
    ['Critical', 'High', 'Medium', 'Low', 'Error', 'Warning', 'Note', 'Total'],
    [
      [
        counts.critical,
        counts.high,
        counts.medium,
        counts.low,
        counts.error,
        counts.warning,
        counts.note,
        counts.total,
      ],
    ],
  );
}
