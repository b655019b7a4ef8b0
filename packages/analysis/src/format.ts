// Human-readable metric values for reasons, logs and the summary.
import type { MetricSpec } from './types.js';

function compact(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n === 0) return '0';
  return Number(n.toPrecision(4)).toString();
}

export function formatValue(value: number | undefined, unit?: MetricSpec['unit']): string {
  if (value === undefined || Number.isNaN(value)) return 'no data';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  switch (unit) {
    case 'ratio':
      return `${compact(value * 100)}%`;
    case 'seconds':
      return value < 1 ? `${compact(value * 1000)}ms` : `${compact(value)}s`;
    case 'per-second':
      return `${compact(value)}/s`;
    default:
      return compact(value);
  }
}
