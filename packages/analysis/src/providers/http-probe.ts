// HTTP probe provider: sends real requests to the canary (and baseline) URL each round and
// measures error rate and latency itself, for teams without a metrics system. One probe run per
// round and URL is shared by every metric that reads it.
import { percentile } from '../stats/descriptive.js';
import type {
  MeasureContext,
  MetricProvider,
  MetricSpec,
  ProbeStat,
  ProviderReading,
  SideValue,
} from '../types.js';
import { causeMessage } from './cause.js';
import { ProviderError } from './provider-error.js';

export interface HttpProbeOptions {
  canaryUrl: string;
  baselineUrl?: string;
  /** Requests per round and URL. */
  requests: number;
  concurrency: number;
  timeoutMs: number;
  /** Which statuses count as success. */
  expectedStatus: (status: number) => boolean;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /** High-resolution time in ms for latencies (default performance.now). */
  now?: () => number;
}

interface Outcome {
  ok: boolean;
  /** Seconds until the response headers arrived; undefined when no response came. */
  latency?: number;
  error?: string;
  timedOut?: boolean;
}

/** `200`, `200-299`, `200,204,301-302` → predicate. */
export function parseExpectedStatus(spec: string): (status: number) => boolean {
  const ranges = spec.split(',').map((part) => {
    const m = /^\s*(\d{3})\s*(?:-\s*(\d{3})\s*)?$/.exec(part);
    if (!m)
      throw new RangeError(
        `expected HTTP status codes such as 200, 200-299 or 200,204; got ${JSON.stringify(part.trim())}`,
      );
    const lo = Number(m[1]);
    const hi = m[2] ? Number(m[2]) : lo;
    if (hi < lo) throw new RangeError(`status range ${part.trim()} is reversed`);
    return [lo, hi] as const;
  });
  return (status) => ranges.some(([lo, hi]) => status >= lo && status <= hi);
}

export class HttpProbeProvider implements MetricProvider {
  readonly description: string;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;
  private cache = new Map<string, Promise<Outcome[]>>();

  constructor(private readonly options: HttpProbeOptions) {
    this.description = `HTTP probe of ${options.canaryUrl}`;
    this.fetchFn = options.fetch ?? fetch;
    this.now = options.now ?? (() => performance.now());
  }

  async preflight(_metrics: MetricSpec[], signal?: AbortSignal): Promise<void> {
    for (const url of [this.options.canaryUrl, this.options.baselineUrl]) {
      if (!url) continue;
      const outcome = await this.request(url, signal);
      // A slow answer is the measurements' business; only a failed connection is "unreachable".
      if (outcome.latency === undefined && !outcome.timedOut) {
        throw new ProviderError(`HTTP probe: ${url} unreachable: ${outcome.error}`, { transient: true });
      }
    }
  }

  async measure(metric: MetricSpec, ctx: MeasureContext): Promise<ProviderReading> {
    if (metric.source.kind !== 'probe')
      throw new ProviderError(`metric "${metric.name}" is not an HTTP probe metric`, { transient: false });
    const stat = metric.source.stat;
    const wantBaseline = this.options.baselineUrl && (ctx.withBaseline || metric.compare);
    // Both sides at the same time, so that load and network conditions weigh on them alike.
    const [canary, baseline] = await Promise.all([
      this.run(this.options.canaryUrl, ctx),
      wantBaseline ? this.run(this.options.baselineUrl!, ctx) : undefined,
    ]);
    return { canary: toSide(stat, canary), baseline: baseline && toSide(stat, baseline) };
  }

  /** One probe run per (url, round); rounds are told apart by the window end. */
  private run(url: string, ctx: MeasureContext): Promise<Outcome[]> {
    const key = `${ctx.end} ${url}`;
    let pending = this.cache.get(key);
    if (!pending) {
      if (this.cache.size > 8) this.cache = new Map([...this.cache].slice(-4));
      pending = this.probe(url, ctx.signal);
      this.cache.set(key, pending);
      pending.catch(() => this.cache.delete(key));
    }
    return pending;
  }

  private async probe(url: string, signal?: AbortSignal): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    let next = 0;
    const worker = async () => {
      while (next < this.options.requests) {
        next++;
        outcomes.push(await this.request(url, signal));
      }
    };
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(this.options.concurrency, this.options.requests)) }, worker),
    );
    if (signal?.aborted) throw signal.reason;
    if (outcomes.every((o) => o.latency === undefined)) {
      throw new ProviderError(
        `HTTP probe: no response from ${url} to ${outcomes.length} request(s): ${outcomes[0]?.error ?? 'no request sent'}`,
        { transient: true },
      );
    }
    return outcomes;
  }

  private async request(url: string, signal?: AbortSignal): Promise<Outcome> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const started = this.now();
    try {
      const res = await this.fetchFn(url, {
        headers: this.options.headers,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      const latency = (this.now() - started) / 1000;
      await res.arrayBuffer().catch(() => undefined);
      return { ok: this.options.expectedStatus(res.status), latency, error: `HTTP ${res.status}` };
    } catch (err) {
      if (timeout.aborted)
        return { ok: false, error: `timed out after ${this.options.timeoutMs} ms`, timedOut: true };
      return { ok: false, error: causeMessage(err) };
    }
  }
}

/** Turns probe outcomes into what a metric reads: error rate over all requests, latency over answered ones. */
function toSide(stat: ProbeStat, outcomes: Outcome[]): SideValue {
  if (stat === 'error-rate') {
    const samples = outcomes.map((o) => (o.ok ? 0 : 1));
    return { value: samples.reduce((a, b) => a + b, 0 as number) / samples.length, samples };
  }
  const latencies = outcomes.filter((o) => o.latency !== undefined && o.ok).map((o) => o.latency!);
  if (stat === 'latency') return { samples: latencies };
  const value = latencies.length ? percentile(latencies, stat === 'latency-p95' ? 95 : 99) : undefined;
  return { value, samples: latencies };
}
