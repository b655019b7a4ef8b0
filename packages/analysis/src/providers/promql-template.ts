// PromQL templates: {{window}}, {{interval}}, {{step}}, {{canary}}, {{baseline}} and {{selector}}
// (the side being measured) are substituted before a query is sent. Also the built-in queries over
// the common http_requests_total counter and http_request_duration_seconds histogram.
import { ConfigurationError } from '@deploy-actions/action-kit';

export const TEMPLATE_VARIABLES = ['window', 'interval', 'step', 'canary', 'baseline', 'selector'] as const;
const PLACEHOLDER = /\{\{\s*([\w-]+)\s*\}\}/g;

/** Prometheus duration syntax: whole seconds as `30s`, otherwise milliseconds `1500ms`. */
export function promDuration(ms: number): string {
  const rounded = Math.max(1, Math.round(ms));
  return rounded % 1000 === 0 ? `${rounded / 1000}s` : `${rounded}ms`;
}

/** Names of the placeholders a template uses; throws on unknown ones. */
export function templateVariables(template: string, metricName: string): Set<string> {
  const used = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name)) {
      throw new ConfigurationError(
        `metric "${metricName}": unknown placeholder {{${name}}} in the query; known: ${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(', ')}`,
      );
    }
    used.add(name);
  }
  return used;
}

export function renderQuery(
  template: string,
  values: Partial<Record<(typeof TEMPLATE_VARIABLES)[number], string>>,
  metricName: string,
): string {
  templateVariables(template, metricName);
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = values[name as keyof typeof values];
    if (value === undefined) {
      throw new ConfigurationError(
        `metric "${metricName}": the query uses {{${name}}} but no value is set for it${name === 'baseline' ? ' (set baseline-selector)' : ''}`,
      );
    }
    return value;
  });
}

export interface BuiltinLabels {
  /** Counter of requests, labelled with the status code (default http_requests_total). */
  requestsMetric: string;
  /** Histogram base name without _bucket (default http_request_duration_seconds). */
  latencyMetric: string;
  /** Label holding the HTTP status code (default code). */
  statusLabel: string;
  /** Regex of status codes counted as errors (default 5..). */
  errorCodes: string;
}

export const DEFAULT_LABELS: BuiltinLabels = {
  requestsMetric: 'http_requests_total',
  latencyMetric: 'http_request_duration_seconds',
  statusLabel: 'code',
  errorCodes: '5..',
};

export function builtinQueries(labels: BuiltinLabels = DEFAULT_LABELS) {
  const req = labels.requestsMetric;
  const errors = `${labels.statusLabel}=~${JSON.stringify(labels.errorCodes)}`;
  const quantile = (q: number) =>
    `histogram_quantile(${q}, sum by (le) (rate(${labels.latencyMetric}_bucket{ {{selector}} }[{{window}}])))`;
  return {
    // `or vector(0)`: no error series at all means zero errors, as long as there is traffic.
    errorRate: `(sum(rate(${req}{ {{selector}}, ${errors} }[{{window}}])) or vector(0)) / sum(rate(${req}{ {{selector}} }[{{window}}]))`,
    p95: quantile(0.95),
    p99: quantile(0.99),
    requestRate: `sum(rate(${req}{ {{selector}} }[{{window}}]))`,
  };
}
