// Annotations at file:line for counted test failures, SARIF findings and uncovered changed lines,
// at most 50 in all (GitHub shows only so many per step; the rest are in the summary and report).
import type { Logger } from '@deploy-actions/action-kit';
import type { Collected } from '@deploy-actions/reports';

export const MAX_ANNOTATIONS = 50;

interface Annotation {
  level: 'error' | 'warning';
  message: string;
  file?: string;
  line?: number;
}

export function annotationsOf(c: Collected): Annotation[] {
  const out: Annotation[] = [];
  for (const f of c.tests?.failures ?? []) {
    out.push({
      level: 'error',
      message: `${f.outcome === 'errored' ? 'Test errored' : 'Test failed'}: ${f.id}${f.message ? ` — ${f.message}` : ''}`,
      file: f.file,
      line: f.line,
    });
  }
  const findings = [...(c.findings?.list ?? [])].sort((a, b) => rank(a.level) - rank(b.level));
  for (const f of findings) {
    if (f.level === 'none' || f.level === 'note') continue;
    const severity = f.severity ? ` (${f.severity})` : '';
    out.push({
      level: f.level === 'error' ? 'error' : 'warning',
      message: `${f.tool} ${f.ruleId}${severity}: ${f.message}`,
      file: f.file,
      line: f.line,
    });
  }
  for (const d of c.coverage?.diff?.files ?? []) {
    if (d.uncovered.length === 0) continue;
    out.push({
      level: 'warning',
      message: `${d.uncovered.length} changed line(s) not covered by tests: ${ranges(d.uncovered)}`,
      file: d.file,
      line: d.uncovered[0],
    });
  }
  return out;
}

export function annotate(c: Collected, log: Logger): number {
  const all = annotationsOf(c);
  for (const a of all.slice(0, MAX_ANNOTATIONS)) {
    const location = a.file ? { file: a.file, line: a.line } : undefined;
    if (a.level === 'error') log.error(a.message, location);
    else log.warning(a.message, location);
  }
  if (all.length > MAX_ANNOTATIONS)
    log.info(
      `${all.length - MAX_ANNOTATIONS} more annotations left out (limit ${MAX_ANNOTATIONS}); see the job summary and the report file`,
    );
  return Math.min(all.length, MAX_ANNOTATIONS);
}

function rank(level: string): number {
  return level === 'error' ? 0 : level === 'warning' ? 1 : 2;
}

/** [4, 5, 6, 9] → "4-6, 9". */
export function ranges(lines: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    parts.push(j === i ? String(lines[i]) : `${lines[i]}-${lines[j]}`);
    i = j;
  }
  return parts.join(', ');
}
