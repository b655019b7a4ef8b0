// The canary-analyze action's inputs: the keys are exactly the action.yml input names.
import { z } from 'zod';
import { ParseError, input, parseDuration, parsePercent, parsed, secret } from '@deploy-actions/action-kit';
import { parseExpectedStatus } from '@deploy-actions/analysis';

/** `Name: value` per line (HTTP header syntax). */
function parseHeaders(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new ParseError('expected one "Name: value" header per line');
    out[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return out;
}

const fraction = () => parsed((v) => parsePercent(v, { fraction: true }) / 100);
const seconds = () => parsed((v) => parseDuration(v) / 1000);
const statuses = () =>
  parsed((v) => {
    try {
      return parseExpectedStatus(v);
    } catch (err) {
      throw new ParseError((err as Error).message);
    }
  });

export const inputs = z.object({
  'prometheus-url': input
    .url(['http:', 'https:'])
    .optional()
    .describe(
      'Base URL of the Prometheus HTTP API, e.g. http://prometheus.monitoring:9090. Set this or probe-url.',
    ),
  'prometheus-headers': secret(
    parsed(parseHeaders)
      .optional()
      .describe(
        'Extra headers for Prometheus, one "Name: value" per line, e.g. Authorization: Bearer <token>. Secret.',
      ),
  ),
  'canary-selector': input
    .string()
    .optional()
    .describe(
      'PromQL label matchers picking the canary, e.g. app="web",track="canary". Required with prometheus-url.',
    ),
  'baseline-selector': input
    .string()
    .optional()
    .describe(
      'PromQL label matchers picking the baseline (stable), e.g. app="web",track="stable". Needed for compare: baseline metrics; shown beside the canary otherwise.',
    ),
  'probe-url': input
    .url(['http:', 'https:'])
    .optional()
    .describe(
      'URL of the canary that the HTTP probe sends requests to (no metrics system needed). Set this or prometheus-url.',
    ),
  'probe-baseline-url': input
    .url(['http:', 'https:'])
    .optional()
    .describe(
      'URL of the baseline for the HTTP probe; adds a latency comparison (Mann-Whitney U) of canary against baseline.',
    ),
  'probe-requests': input
    .integer({ min: 1, max: 10000 })
    .default('20')
    .describe('Requests the probe sends per measurement and URL.'),
  'probe-concurrency': input
    .integer({ min: 1, max: 100 })
    .default('5')
    .describe('Requests the probe has in flight at once.'),
  'probe-timeout': input
    .duration()
    .default('5s')
    .describe('Timeout of one probe request; a request that times out counts as an error.'),
  'probe-expected-status': statuses()
    .default('200-399')
    .describe('HTTP statuses that count as success, e.g. 200, 200-299 or 200,204.'),
  'max-error-rate': fraction()
    .optional()
    .describe('Highest error rate (5xx share) of the canary, as a percentage (1%) or a fraction (0.01).'),
  'max-p95-latency': seconds()
    .optional()
    .describe('Highest 95th percentile latency of the canary, a duration such as 500ms.'),
  'max-p99-latency': seconds()
    .optional()
    .describe('Highest 99th percentile latency of the canary, a duration such as 1s.'),
  'min-request-rate': input
    .number({ min: 0 })
    .optional()
    .describe(
      'Requests per second the canary needs for a measurement to count; below it the measurement is inconclusive (Prometheus only).',
    ),
  metrics: input
    .document()
    .optional()
    .describe(
      'Custom metrics, a YAML list of {name, query, threshold: {min, max} | compare: baseline, direction, allowed-change, critical, weight, must-have-data, min-samples, failure-limit, inconclusive-limit, consecutive-error-limit}.',
    ),
  'requests-metric': input
    .string()
    .default('http_requests_total')
    .describe('Counter of requests used by the built-in metrics.'),
  'latency-metric': input
    .string()
    .default('http_request_duration_seconds')
    .describe('Latency histogram (name without _bucket) used by the built-in latency metrics.'),
  'status-label': input
    .string()
    .default('code')
    .describe('Label of requests-metric holding the HTTP status code.'),
  'error-codes': input
    .string()
    .default('5..')
    .describe('Regular expression of the status codes that count as errors.'),
  interval: input.duration().default('1m').describe('Time between measurements.'),
  count: input
    .integer({ min: 1, max: 10000 })
    .optional()
    .describe('Number of measurements; default 5 unless duration is set.'),
  duration: input
    .duration()
    .optional()
    .describe('How long to analyze; count becomes duration / interval. Set count or duration, not both.'),
  window: input
    .duration()
    .optional()
    .describe('Look-back of each measurement ({{window}} in queries); default: the interval.'),
  'failure-limit': input
    .integer({ min: 0 })
    .default('0')
    .describe('Failed measurements a metric may have; one more fails the analysis (Argo failureLimit).'),
  'inconclusive-limit': input
    .integer({ min: 0 })
    .default('0')
    .describe(
      'Inconclusive measurements a metric may have; one more makes the analysis inconclusive (Argo inconclusiveLimit).',
    ),
  'consecutive-error-limit': input
    .integer({ min: 0 })
    .default('4')
    .describe(
      'Provider errors in a row a metric may have; one more fails the analysis (Argo consecutiveErrorLimit).',
    ),
  confidence: input
    .number({ min: 0.5, max: 0.9999 })
    .default('0.98')
    .describe('Confidence of the Mann-Whitney U test when comparing canary and baseline.'),
  'allowed-change': input
    .number({ min: 0 })
    .default('0.1')
    .describe(
      'Default allowed-change of compare metrics: a significant difference whose mean ratio stays within 1 ± this passes.',
    ),
  'pass-score': input
    .number({ min: 0, max: 100 })
    .default('95')
    .describe('Score (0-100) the canary needs to pass.'),
  'marginal-score': input
    .number({ min: 0, max: 100 })
    .default('75')
    .describe('Below this score the canary fails; between it and pass-score the verdict is inconclusive.'),
  'no-data': input
    .oneOf(['inconclusive', 'fail'] as const)
    .default('inconclusive')
    .describe('What a measurement without data counts as: inconclusive or fail. Never a pass.'),
  'min-samples': input
    .integer({ min: 1 })
    .default('1')
    .describe('Samples a measurement needs on each side to have data.'),
  'report-file': input
    .string()
    .default('canary-analysis.json')
    .describe('Where to write the JSON report (relative to the workspace).'),
  'fail-on-verdict': input
    .boolean()
    .default('true')
    .describe(
      'Fail the step when the verdict is fail (or inconclusive, see inconclusive). false only reports.',
    ),
  inconclusive: input
    .oneOf(['fail', 'pass'] as const)
    .default('fail')
    .describe('How an inconclusive verdict ends the step: fail, or pass when set explicitly.'),
});

export type CanaryAnalyzeInputs = z.output<typeof inputs>;
