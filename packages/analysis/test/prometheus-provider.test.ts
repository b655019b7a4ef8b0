// Prometheus provider with an injected fetch: request shape, templates, result parsing, error messages.
import { PrometheusProvider } from '../src/providers/prometheus.js';
import { builtinQueries, promDuration, renderQuery } from '../src/providers/promql-template.js';
import { ProviderError } from '../src/providers/provider-error.js';
import { spec } from './helpers.js';

interface Call {
  url: string;
  params: URLSearchParams;
  headers: Record<string, string>;
}

function fakeFetch(
  respond: (call: Call) => { status?: number; body: unknown; headers?: Record<string, string> },
) {
  const calls: Call[] = [];
  const fn = (async (url: string, init: RequestInit) => {
    const call = {
      url,
      params: new URLSearchParams(String(init.body)),
      headers: init.headers as Record<string, string>,
    };
    calls.push(call);
    const r = respond(call);
    return new Response(typeof r.body === 'string' ? r.body : JSON.stringify(r.body), {
      status: r.status ?? 200,
      headers: r.headers,
    });
  }) as unknown as typeof fetch;
  return { fn, calls };
}

const vector = (...values: string[]) => ({
  body: {
    status: 'success',
    data: { resultType: 'vector', result: values.map((v) => ({ metric: {}, value: [1, v] })) },
  },
});
const ctx = { end: 1_700_000_000_000, windowMs: 30_000, intervalMs: 10_000, withBaseline: true };

describe('PrometheusProvider', () => {
  test('instant query per side with selectors, window and headers substituted', async () => {
    const { fn, calls } = fakeFetch((c) =>
      vector(c.params.get('query')!.includes('canary') ? '0.02' : '0.01'),
    );
    const p = new PrometheusProvider({
      url: 'http://prom:9090/',
      canarySelector: 'track="canary"',
      baselineSelector: 'track="stable"',
      headers: { Authorization: 'Bearer t' },
      fetch: fn,
    });
    const reading = await p.measure(
      spec({ source: { kind: 'promql', query: 'sum(rate(x{ {{selector}} }[{{window}}]))' } }),
      ctx,
    );
    expect(reading.canary.value).toBe(0.02);
    expect(reading.baseline!.value).toBe(0.01);
    expect(calls[0]!.url).toBe('http://prom:9090/api/v1/query');
    expect(calls[0]!.params.get('query')).toBe('sum(rate(x{ track="canary" }[30s]))');
    expect(calls[0]!.params.get('time')).toBe('1700000000');
    expect(calls[0]!.headers.Authorization).toBe('Bearer t');
  });

  test('compare metrics use query_range over the window and read every point', async () => {
    const { fn, calls } = fakeFetch(() => ({
      body: {
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [
            {
              metric: {},
              values: [
                [1, '0.1'],
                [2, 'NaN'],
                [3, '0.3'],
              ],
            },
          ],
        },
      },
    }));
    const p = new PrometheusProvider({
      url: 'http://prom',
      canarySelector: 'a="1"',
      baselineSelector: 'a="2"',
      fetch: fn,
    });
    const metric = spec({
      threshold: undefined,
      compare: { direction: 'increase', allowedChange: 0.1 },
      source: { kind: 'promql', query: 'q{ {{selector}} }' },
    });
    const reading = await p.measure(metric, ctx);
    expect(reading.canary.samples).toEqual([0.1, 0.3]);
    expect(reading.baseline!.samples).toEqual([0.1, 0.3]);
    expect(calls[0]!.url).toBe('http://prom/api/v1/query_range');
    expect(calls[0]!.params.get('start')).toBe('1699999970');
    expect(calls[0]!.params.get('step')).toBe('1');
  });

  test('+Inf is read as infinity (a quantile above the top bucket)', async () => {
    const p = new PrometheusProvider({
      url: 'http://prom',
      canarySelector: 'a="1"',
      fetch: fakeFetch(() => vector('+Inf')).fn,
    });
    expect((await p.measure(spec(), ctx)).canary.value).toBe(Number.POSITIVE_INFINITY);
  });

  test('empty result and NaN are no data', async () => {
    const { fn } = fakeFetch((c) => (c.params.get('query')!.includes('empty') ? vector() : vector('NaN')));
    const p = new PrometheusProvider({ url: 'http://prom', canarySelector: 'a="1"', fetch: fn });
    expect((await p.measure(spec({ source: { kind: 'promql', query: 'empty' } }), ctx)).canary).toEqual({
      value: undefined,
      samples: [],
    });
    expect((await p.measure(spec({ source: { kind: 'promql', query: 'nan' } }), ctx)).canary.samples).toEqual(
      [],
    );
  });

  test("a PromQL error names the metric and carries Prometheus's message; it is not retried", async () => {
    const { fn } = fakeFetch(() => ({
      status: 400,
      body: { status: 'error', errorType: 'bad_data', error: '1:5: parse error: unexpected "}"' },
    }));
    const p = new PrometheusProvider({ url: 'http://prom', canarySelector: 'a="1"', fetch: fn });
    const err = await p
      .measure(spec({ name: 'checkout-errors', source: { kind: 'promql', query: 'sum(}' } }), ctx)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).message).toBe(
      'Prometheus at http://prom rejected the query for metric "checkout-errors": bad_data: 1:5: parse error: unexpected "}"',
    );
    expect((err as ProviderError).transient).toBe(false);
  });

  test('5xx and 429 are transient (with Retry-After); 401 hints at the headers; several series are refused', async () => {
    const p = (status: number, headers?: Record<string, string>) =>
      new PrometheusProvider({
        url: 'http://prom',
        canarySelector: 'a="1"',
        fetch: fakeFetch(() => ({ status, body: 'nope', headers })).fn,
      });
    const e503 = (await p(503)
      .measure(spec(), ctx)
      .catch((e: unknown) => e)) as ProviderError;
    expect(e503.transient).toBe(true);
    expect(e503.message).toMatch(/^Prometheus at http:\/\/prom answered HTTP 503/);
    const e429 = (await p(429, { 'retry-after': '7' })
      .measure(spec(), ctx)
      .catch((e: unknown) => e)) as ProviderError;
    expect(e429.retryAfterMs).toBe(7000);
    const e401 = (await p(401)
      .measure(spec(), ctx)
      .catch((e: unknown) => e)) as ProviderError;
    expect(e401.transient).toBe(false);
    expect(e401.message).toMatch(/check prometheus-headers/);
    const many = new PrometheusProvider({
      url: 'http://prom',
      canarySelector: 'a="1"',
      fetch: fakeFetch(() => vector('1', '2')).fn,
    });
    await expect(many.measure(spec({ name: 'm' }), ctx)).rejects.toThrow(
      'the query of metric "m" returned 2 series; aggregate it to one (sum, avg, max …)',
    );
  });

  test('network failures name Prometheus and are transient', async () => {
    const fn = (async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      });
    }) as unknown as typeof fetch;
    const p = new PrometheusProvider({ url: 'http://127.0.0.1:1', canarySelector: 'a="1"', fetch: fn });
    const err = (await p.measure(spec(), ctx).catch((e: unknown) => e)) as ProviderError;
    expect(err.message).toBe(
      'Prometheus at http://127.0.0.1:1 unreachable: connect ECONNREFUSED 127.0.0.1:1',
    );
    expect(err.transient).toBe(true);
  });
});

test('preflight checks connectivity, then dry-runs every query for both sides', async () => {
  const { fn, calls } = fakeFetch((c) =>
    c.params.get('query')!.includes('track=stable')
      ? { status: 400, body: { status: 'error', errorType: 'bad_data', error: 'unexpected identifier' } }
      : vector('1'),
  );
  const p = new PrometheusProvider({
    url: 'http://prom',
    canarySelector: 'track="canary"',
    baselineSelector: 'track=stable',
    fetch: fn,
  });
  await expect(
    p.preflight([spec({ name: 'lat', source: { kind: 'promql', query: 'x{ {{selector}} }' } })]),
  ).rejects.toThrow(
    'Prometheus at http://prom rejected the query for metric "lat": bad_data: unexpected identifier',
  );
  expect(calls.map((c) => c.params.get('query'))).toEqual([
    'vector(1)',
    'x{ track="canary" }',
    'x{ track=stable }',
  ]);
});

describe('PromQL templates', () => {
  test('durations and unknown placeholders', () => {
    expect(promDuration(30_000)).toBe('30s');
    expect(promDuration(1500)).toBe('1500ms');
    expect(() => renderQuery('x[{{windw}}]', { window: '1m' }, 'm')).toThrow(
      /unknown placeholder \{\{windw\}\}/,
    );
    expect(() => renderQuery('x{ {{baseline}} }', {}, 'm')).toThrow(/set baseline-selector/);
  });

  test('built-in queries use the configured metric and label names', () => {
    const q = builtinQueries({
      requestsMetric: 'reqs',
      latencyMetric: 'lat',
      statusLabel: 'status',
      errorCodes: '5..|429',
    });
    expect(renderQuery(q.errorRate, { selector: 'app="web"', window: '1m' }, 'error-rate')).toBe(
      '(sum(rate(reqs{ app="web", status=~"5..|429" }[1m])) or vector(0)) / sum(rate(reqs{ app="web" }[1m]))',
    );
    expect(renderQuery(q.p95, { selector: 'app="web"', window: '1m' }, 'p95')).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(lat_bucket{ app="web" }[1m])))',
    );
  });
});
