// Inputs → engine options: rounds, provider choice, metric set, and the mistakes users make.
import { InputError } from '@deploy-actions/action-kit';
import { inputs } from '../src/inputs.js';
import { analysisOptions } from '../src/settings.js';

const parse = (raw: Record<string, string>) => inputs.parse(raw);
const prom = {
  'prometheus-url': 'http://prom:9090',
  'canary-selector': 'app="web",track="canary"',
  'max-error-rate': '1%',
};

describe('analysisOptions', () => {
  test('defaults: 5 measurements a minute apart, window = interval, Argo limits 0/0/4', () => {
    const o = analysisOptions(parse(prom));
    expect(o.count).toBe(5);
    expect(o.intervalMs).toBe(60_000);
    expect(o.windowMs).toBeUndefined();
    expect(o.metrics).toHaveLength(1);
    expect(o.metrics[0]).toMatchObject({
      name: 'error-rate',
      threshold: { max: 0.01 },
      limits: { failureLimit: 0, inconclusiveLimit: 0, consecutiveErrorLimit: 4 },
    });
    expect(o.confidence).toBe(0.98);
    expect(Object.values(o.providers)[0]!.description).toBe('Prometheus at http://prom:9090');
  });

  test('duration becomes count; both at once is refused', () => {
    expect(analysisOptions(parse({ ...prom, interval: '30s', duration: '5m' })).count).toBe(10);
    expect(() => analysisOptions(parse({ ...prom, count: '3', duration: '5m' }))).toThrow(InputError);
    expect(() => analysisOptions(parse({ ...prom, interval: '1m', duration: '30s' }))).toThrow(
      /at least one interval/,
    );
  });

  test('thresholds are read in their units: fraction or percent, durations in seconds', () => {
    const o = analysisOptions(
      parse({
        ...prom,
        'max-error-rate': '0.5%',
        'max-p95-latency': '250ms',
        'max-p99-latency': '1.5s',
        'min-request-rate': '2',
      }),
    );
    const byName = Object.fromEntries(o.metrics.map((m) => [m.name, m.threshold]));
    expect(byName).toEqual({
      'request-rate': { min: 2 },
      'error-rate': { max: 0.005 },
      'p95-latency': { max: 0.25 },
      'p99-latency': { max: 1.5 },
    });
    expect(analysisOptions(parse({ ...prom, 'max-error-rate': '0.02' })).metrics[0]!.threshold).toEqual({
      max: 0.02,
    });
  });

  test('the probe provider; a baseline URL adds the latency comparison', () => {
    const o = analysisOptions(
      parse({
        'probe-url': 'https://canary.example.com/health',
        'probe-baseline-url': 'https://stable.example.com/health',
        'max-error-rate': '1%',
      }),
    );
    expect(o.metrics.map((m) => m.name)).toEqual(['error-rate', 'latency-vs-baseline']);
    expect(Object.keys(o.providers)).toEqual(['probe']);
  });

  test.each([
    [{ 'max-error-rate': '1%' }, /nothing to measure with/],
    [{ ...prom, 'probe-url': 'http://x' }, /not both/],
    [{ 'prometheus-url': 'http://p', 'max-error-rate': '1%' }, /input 'canary-selector'/],
    [{ 'prometheus-url': 'http://p', 'canary-selector': 'a="b"' }, /no metrics to analyze/],
    [{ ...prom, 'marginal-score': '96' }, /input 'marginal-score'.*must not exceed pass-score \(95\)/],
    [
      { ...prom, metrics: '- name: l\n  query: q{ {{selector}} }\n  compare: baseline' },
      /compare: baseline needs baseline-selector/,
    ],
  ])('refused: %#', (raw, message) => {
    expect(() => analysisOptions(parse(raw as Record<string, string>))).toThrow(message);
  });

  test('unparseable thresholds and headers are input errors', () => {
    expect(inputs.safeParse({ ...prom, 'max-p95-latency': '500' }).success).toBe(false);
    expect(inputs.safeParse({ ...prom, 'max-error-rate': '1%%' }).success).toBe(false);
    expect(inputs.safeParse({ ...prom, 'prometheus-headers': 'no colon here' }).success).toBe(false);
    expect(
      parse({ ...prom, 'prometheus-headers': 'Authorization: Bearer t\nX-Scope-OrgID: team-a' })[
        'prometheus-headers'
      ],
    ).toEqual({ Authorization: 'Bearer t', 'X-Scope-OrgID': 'team-a' });
  });
});
