// The metrics document and the spec builder: errors name the entry and field.
import YAML from 'yaml';
import { buildMetrics, type BuildMetricsOptions } from '../src/config/build-metrics.js';
import { parseBound, parseMetricsDocument } from '../src/config/metrics-document.js';

const doc = (text: string) => parseMetricsDocument(YAML.parse(text));
const defaults = {
  limits: { failureLimit: 0, inconclusiveLimit: 0, consecutiveErrorLimit: 4 },
  noData: 'inconclusive' as const,
  minSamples: 1,
  allowedChange: 0.1,
};
const options = (o: Partial<BuildMetricsOptions> = {}): BuildMetricsOptions => ({
  builtinProvider: 'prometheus',
  thresholds: {},
  defaults,
  hasBaseline: true,
  ...o,
});

describe('metrics document', () => {
  test('a valid document with units in bounds', () => {
    const entries = doc(`
- name: checkout-errors
  query: sum(rate(errors{ {{selector}} }[{{window}}]))
  threshold: { max: 1% }
  critical: true
  failure-limit: 2
- name: latency
  query: avg(rate(lat{ {{selector}} }[1m]))
  compare: baseline
  direction: increase
  allowed-change: 0.2
  threshold: { max: 500ms }
`);
    expect(entries[0]!.threshold!.max).toBe(0.01);
    expect(entries[1]!.threshold!.max).toBe(0.5);
    const specs = buildMetrics(options({ custom: entries }));
    expect(specs[0]).toMatchObject({
      name: 'checkout-errors',
      critical: true,
      limits: { failureLimit: 2, inconclusiveLimit: 0, consecutiveErrorLimit: 4 },
    });
    expect(specs[1]!.compare).toEqual({ direction: 'increase', allowedChange: 0.2 });
  });

  test.each([
    [
      '- name: a\n  query: q\n  threshold: { max: 1%% }',
      /entry 1 \("a"\), field "threshold.max": expected a number, a percentage/,
    ],
    [
      '- name: a\n  query: q\n  threshold: { max: 500 }\n- name: b\n  query: q\n  compare: baseline\n  direction: up',
      /entry 2 \("b"\), field "direction": Invalid enum value/,
    ],
    [
      '- name: a\n  query: q',
      /entry 1 \("a"\), field "threshold": set threshold \(\{min, max\}\) or compare: baseline/,
    ],
    [
      '- name: a\n  query: q\n  threshold: { max: 1 }\n  weigth: 2',
      /entry 1 \("a"\): unknown field\(s\) "weigth"/,
    ],
    [
      '- name: a\n  query: q\n  threshold: { max: 1 }\n- name: a\n  query: q\n  threshold: { max: 1 }',
      /entry 2 \("a"\), field "name": the name is used twice/,
    ],
    ['name: a', /expected a YAML list/],
  ])('invalid document %#', (text, message) => {
    expect(() => doc(text)).toThrow(message);
  });

  test('bounds: numbers, percentages, durations in seconds', () => {
    expect(parseBound('2.5%')).toBeCloseTo(0.025, 12);
    expect(parseBound('1m')).toBe(60);
    expect(parseBound('7')).toBe(7);
    expect(() => parseBound('fast')).toThrow();
  });
});

describe('buildMetrics', () => {
  test('built-ins on Prometheus: request-rate is a traffic gate', () => {
    const specs = buildMetrics(
      options({ thresholds: { maxErrorRate: 0.01, maxP95Latency: 0.5, minRequestRate: 1 } }),
    );
    expect(specs.map((s) => s.name)).toEqual(['request-rate', 'error-rate', 'p95-latency']);
    expect(specs[0]!.minIsTrafficGate).toBe(true);
  });

  test('built-ins on the probe add a latency comparison when a baseline URL is given', () => {
    const specs = buildMetrics(options({ builtinProvider: 'probe', thresholds: { maxErrorRate: 0.01 } }));
    expect(specs.map((s) => `${s.name}:${s.provider}`)).toEqual([
      'error-rate:probe',
      'latency-vs-baseline:probe',
    ]);
    expect(() =>
      buildMetrics(options({ builtinProvider: 'probe', thresholds: { minRequestRate: 1 } })),
    ).toThrow(/min-request-rate needs prometheus-url/);
  });

  test('compare metrics need a baseline and {{selector}}', () => {
    const entries = doc('- name: l\n  query: q{ {{selector}} }\n  compare: baseline');
    expect(() => buildMetrics(options({ custom: entries, hasBaseline: false }))).toThrow(
      /compare: baseline needs baseline-selector/,
    );
    const noSelector = doc('- name: l\n  query: q\n  compare: baseline');
    expect(() => buildMetrics(options({ custom: noSelector }))).toThrow(
      /field "query": a compare: baseline query must use \{\{selector\}\}/,
    );
  });
});
