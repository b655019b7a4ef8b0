// HTTP probe with an injected fetch and time: error rate over all requests, latency over answered ones.
import { HttpProbeProvider, parseExpectedStatus } from '../src/providers/http-probe.js';
import { spec } from './helpers.js';

const ctx = { end: 1000, windowMs: 1000, intervalMs: 1000, withBaseline: true };

function probe(statuses: number[], opts: { baselineUrl?: string; failAll?: boolean } = {}) {
  let i = 0;
  let t = 0;
  const urls: string[] = [];
  const fetchFn = (async (url: string) => {
    urls.push(url);
    if (opts.failAll)
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    const status = statuses[i++ % statuses.length]!;
    t += status === 200 ? 10 : 30; // ms of latency, seen through the injected clock
    return new Response('x', { status });
  }) as unknown as typeof fetch;
  const provider = new HttpProbeProvider({
    canaryUrl: 'http://app/canary',
    baselineUrl: opts.baselineUrl,
    requests: 10,
    concurrency: 1,
    timeoutMs: 1000,
    expectedStatus: parseExpectedStatus('200-299'),
    fetch: fetchFn,
    now: () => t,
  });
  return { provider, urls };
}

describe('HttpProbeProvider', () => {
  test('error rate counts unexpected statuses; latency only answered successes', async () => {
    const { provider, urls } = probe([200, 200, 200, 200, 500]);
    const err = await provider.measure(spec({ source: { kind: 'probe', stat: 'error-rate' } }), ctx);
    expect(err.canary.value).toBe(0.2);
    expect(err.canary.samples).toHaveLength(10);
    const lat = await provider.measure(spec({ source: { kind: 'probe', stat: 'latency-p95' } }), ctx);
    expect(urls).toHaveLength(10); // one probe run per round, shared by metrics
    expect(lat.canary.samples).toHaveLength(8);
    expect(lat.canary.value).toBeCloseTo(0.01, 10);
  });

  test('the baseline URL is probed too', async () => {
    const { provider, urls } = probe([200], { baselineUrl: 'http://app/stable' });
    const r = await provider.measure(spec({ source: { kind: 'probe', stat: 'latency' } }), ctx);
    expect(r.baseline!.samples).toHaveLength(10);
    expect(new Set(urls)).toEqual(new Set(['http://app/canary', 'http://app/stable']));
  });

  test('no response at all is a transient provider error naming the URL', async () => {
    const { provider } = probe([200], { failAll: true });
    await expect(
      provider.measure(spec({ source: { kind: 'probe', stat: 'error-rate' } }), ctx),
    ).rejects.toThrow(
      'HTTP probe: no response from http://app/canary to 10 request(s): connect ECONNREFUSED 127.0.0.1:9',
    );
    await expect(provider.preflight([])).rejects.toThrow(
      'HTTP probe: http://app/canary unreachable: connect ECONNREFUSED 127.0.0.1:9',
    );
  });

  test('expected status lists and ranges', () => {
    const ok = parseExpectedStatus('200,204,300-302');
    expect([200, 204, 301, 201, 500].map(ok)).toEqual([true, true, true, false, false]);
    expect(() => parseExpectedStatus('2xx')).toThrow(/expected HTTP status codes/);
  });
});
