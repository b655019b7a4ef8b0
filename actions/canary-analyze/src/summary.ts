// Job summary: verdict and score, a table of metrics, and per metric a mermaid xychart of the
// measurements (canary, baseline, threshold) with the measurements table underneath.
import { Summary, mermaidLabel } from '@deploy-actions/action-kit';
import { formatValue, type AnalysisResult, type MetricResult } from '@deploy-actions/analysis';

const ICON: Record<string, string> = { pass: '✅', fail: '❌', inconclusive: '⚠️' };

/** Chart units: percent for ratios, milliseconds for seconds. */
function chartScale(unit: MetricResult['unit']): { factor: number; label: string } {
  if (unit === 'ratio') return { factor: 100, label: 'percent' };
  if (unit === 'seconds') return { factor: 1000, label: 'milliseconds' };
  if (unit === 'per-second') return { factor: 1, label: 'requests per second' };
  return { factor: 1, label: 'value' };
}

function num(v: number | undefined, factor: number): number {
  return v === undefined || !Number.isFinite(v) ? 0 : Number((v * factor).toPrecision(4));
}

/** An xychart-beta of one metric; returns undefined when nothing was measured. */
export function metricChart(m: MetricResult): string | undefined {
  if (m.measurements.length === 0) return undefined;
  const { factor, label } = chartScale(m.unit);
  const xs = m.measurements.map((x) => x.round);
  const lines = [
    'xychart-beta',
    `  title "${mermaidLabel(m.name)}"`,
    `  x-axis "measurement" [${xs.join(', ')}]`,
    `  y-axis "${label}"`,
    `  line [${m.measurements.map((x) => num(x.canary, factor)).join(', ')}]`,
  ];
  if (m.measurements.some((x) => x.baseline !== undefined))
    lines.push(`  line [${m.measurements.map((x) => num(x.baseline, factor)).join(', ')}]`);
  const bound = m.threshold?.max ?? m.threshold?.min;
  if (bound !== undefined) lines.push(`  line [${xs.map(() => num(bound, factor)).join(', ')}]`);
  return lines.join('\n');
}

function limitText(m: MetricResult): string {
  const parts: string[] = [];
  if (m.threshold?.min !== undefined) parts.push(`≥ ${formatValue(m.threshold.min, m.unit)}`);
  if (m.threshold?.max !== undefined) parts.push(`≤ ${formatValue(m.threshold.max, m.unit)}`);
  if (m.compare) parts.push(`vs baseline (${m.compare.direction} is bad, ±${m.compare.allowedChange})`);
  return parts.join(', ');
}

export function writeSummary(summary: Summary, result: AnalysisResult): void {
  summary.heading(`${ICON[result.verdict]} Canary analysis: ${result.verdict} (score ${result.score})`);
  summary.paragraph(result.reason);
  summary.table(
    [
      'Metric',
      'Phase',
      'Classification',
      'Canary (last)',
      'Baseline (last)',
      'Limit',
      'Passed / failed / inconclusive / errors',
      'Critical',
      'Weight',
    ],
    result.metrics.map((m) => {
      const last = m.measurements[m.measurements.length - 1];
      const c = m.counts;
      return [
        m.name,
        m.phase,
        m.classification,
        formatValue(last?.canary, m.unit),
        last?.baseline === undefined ? '' : formatValue(last.baseline, m.unit),
        limitText(m),
        `${c.successful} / ${c.failed} / ${c.inconclusive} / ${c.error}`,
        m.critical ? 'yes' : '',
        m.weight,
      ];
    }),
  );
  for (const m of result.metrics) {
    summary.heading(m.name, 3);
    const chart = metricChart(m);
    if (chart) {
      summary.mermaid(chart);
      summary.paragraph(
        `Lines: canary${m.measurements.some((x) => x.baseline !== undefined) ? ', baseline' : ''}${limitText(m) && m.threshold ? ', threshold' : ''} (in ${chartScale(m.unit).label}; no data plotted as 0).`,
      );
    }
    const table = new Summary().table(
      ['#', 'Phase', 'Canary', 'Baseline', 'p-value', 'Mean ratio', 'Message'],
      m.measurements.map((x) => [
        x.round,
        x.phase,
        formatValue(x.canary, m.unit),
        x.baseline === undefined ? '' : formatValue(x.baseline, m.unit),
        x.pValue?.toPrecision(3),
        x.ratio === undefined ? '' : Number(x.ratio.toPrecision(4)),
        x.message,
      ]),
    );
    summary.details(`${m.phase}: ${m.message}`, table);
  }
}
