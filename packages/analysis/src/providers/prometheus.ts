// Prometheus provider: instant queries for threshold metrics, range queries (query_range) for
// canary-vs-baseline samples. Every failure names Prometheus and, for query errors, the metric
// and Prometheus's own message.
import { isTransientStatus, parseRetryAfter } from '@deploy-actions/action-kit';
import type { MeasureContext, MetricProvider, MetricSpec, ProviderReading, SideValue } from '../types.js';
import { causeMessage } from './cause.js';
import { ProviderError } from './provider-error.js';
import { promDuration, renderQuery, templateVariables } from './promql-template.js';

export interface PrometheusProviderOptions {
  url: string;
  /** Extra request headers, e.g. Authorization (secret). */
  headers?: Record<string, string>;
  canarySelector: string;
  baselineSelector?: string;
  fetch?: typeof fetch;
  /** Per request (default 10 s). */
  timeoutMs?: number;
  /** Range-query resolution for a window; default window / 30, at least 1 s. */
  stepMs?: (windowMs: number) => number;
}

interface PromResponse {
  status?: string;
  errorType?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

type Side = 'canary' | 'baseline';

export class PrometheusProvider implements MetricProvider {
  readonly description: string;
  private readonly base: string;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: PrometheusProviderOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.description = `Prometheus at ${this.base}`;
    this.fetchFn = options.fetch ?? fetch;
  }

  async preflight(metrics: MetricSpec[], signal?: AbortSignal): Promise<void> {
    await this.call('/api/v1/query', { query: 'vector(1)' }, undefined, signal);
    const ctx = { end: Date.now(), windowMs: 60_000, intervalMs: 60_000, withBaseline: false };
    const dryRuns = metrics.flatMap((metric) => {
      const sides: Side[] =
        this.options.baselineSelector !== undefined && this.usesSelector(metric)
          ? ['canary', 'baseline']
          : ['canary'];
      return sides.map((side) => ({ metric: metric.name, query: this.render(metric, side, ctx) }));
    });
    // In order, so that the first broken query is the one reported.
    const results = await Promise.allSettled(
      dryRuns.map((d) => this.call('/api/v1/query', { query: d.query }, d.metric, signal)),
    );
    const broken = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (broken) throw broken.reason;
  }

  async measure(metric: MetricSpec, ctx: MeasureContext): Promise<ProviderReading> {
    const wantsBaseline =
      ctx.withBaseline && this.options.baselineSelector !== undefined && this.usesSelector(metric);
    const [canary, baseline] = await Promise.all([
      this.readSide(metric, 'canary', ctx),
      wantsBaseline || metric.compare ? this.readSide(metric, 'baseline', ctx) : undefined,
    ]);
    return { canary, baseline };
  }

  private usesSelector(metric: MetricSpec): boolean {
    return (
      metric.source.kind === 'promql' && templateVariables(metric.source.query, metric.name).has('selector')
    );
  }

  private render(metric: MetricSpec, side: Side, ctx: MeasureContext): string {
    if (metric.source.kind !== 'promql')
      throw new ProviderError(`metric "${metric.name}" is not a PromQL metric`, { transient: false });
    const selector = side === 'canary' ? this.options.canarySelector : this.options.baselineSelector;
    return renderQuery(
      metric.source.query,
      {
        window: promDuration(ctx.windowMs),
        interval: promDuration(ctx.intervalMs),
        step: promDuration(this.step(ctx.windowMs)),
        canary: this.options.canarySelector,
        baseline: this.options.baselineSelector,
        selector,
      },
      metric.name,
    );
  }

  private step(windowMs: number): number {
    return this.options.stepMs?.(windowMs) ?? Math.max(1000, Math.round(windowMs / 30 / 1000) * 1000);
  }

  private async readSide(metric: MetricSpec, side: Side, ctx: MeasureContext): Promise<SideValue> {
    const query = this.render(metric, side, ctx);
    if (!metric.compare) {
      const data = await this.call(
        '/api/v1/query',
        { query, time: String(ctx.end / 1000) },
        metric.name,
        ctx.signal,
      );
      const value = instantValue(data, metric.name);
      return { value, samples: value === undefined || Number.isNaN(value) ? [] : [value] };
    }
    const step = this.step(ctx.windowMs);
    const data = await this.call(
      '/api/v1/query_range',
      {
        query,
        start: String((ctx.end - ctx.windowMs) / 1000),
        end: String(ctx.end / 1000),
        step: String(step / 1000),
      },
      metric.name,
      ctx.signal,
    );
    const samples = rangeSamples(data, metric.name).filter(Number.isFinite);
    return { samples };
  }

  private async call(
    path: string,
    params: Record<string, string>,
    metricName: string | undefined,
    signal?: AbortSignal,
  ): Promise<PromResponse['data']> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 10_000);
    let res: Response;
    try {
      res = await this.fetchFn(`${this.base}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          ...this.options.headers,
        },
        body: new URLSearchParams(params).toString(),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      const reason = timeout.aborted
        ? `timed out after ${this.options.timeoutMs ?? 10_000} ms`
        : causeMessage(err);
      throw new ProviderError(`${this.description} unreachable: ${reason}`, { transient: true, cause: err });
    }
    const text = await res.text();
    let body: PromResponse | undefined;
    try {
      body = JSON.parse(text) as PromResponse;
    } catch {
      body = undefined;
    }
    const about = metricName ? ` for metric "${metricName}"` : '';
    if (res.ok && body?.status === 'success') return body.data;
    if (body?.status === 'error' && (res.status === 400 || res.status === 422)) {
      throw new ProviderError(
        `${this.description} rejected the query${about}: ${body.errorType ?? 'error'}: ${body.error ?? 'no message'}`,
        { transient: false },
      );
    }
    const detail = body?.error ?? text.slice(0, 200).trim();
    const hint = res.status === 401 || res.status === 403 ? ' (check prometheus-headers)' : '';
    throw new ProviderError(
      `${this.description} answered HTTP ${res.status}${about}${hint}${detail ? `: ${detail}` : ''}`,
      {
        transient: isTransientStatus(res.status),
        retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), Date.now()),
      },
    );
  }
}

/** Prometheus sample values are strings; infinities are spelled +Inf / -Inf. */
export function promNumber(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

function tooMany(metricName: string, count: number): ProviderError {
  return new ProviderError(
    `the query of metric "${metricName}" returned ${count} series; aggregate it to one (sum, avg, max …)`,
    { transient: false },
  );
}

/** The value of an instant query: scalar, or a vector of at most one series (none = no data). */
export function instantValue(data: PromResponse['data'], metricName: string): number | undefined {
  const result = data?.result;
  if (data?.resultType === 'scalar' && Array.isArray(result)) return promNumber(String(result[1]));
  if (!Array.isArray(result) || result.length === 0) return undefined;
  if (result.length > 1) throw tooMany(metricName, result.length);
  const value = (result[0] as { value?: [number, string] }).value;
  return value ? promNumber(value[1]) : undefined;
}

/** The points of a range query of at most one series. */
export function rangeSamples(data: PromResponse['data'], metricName: string): number[] {
  const result = data?.result;
  if (!Array.isArray(result) || result.length === 0) return [];
  if (result.length > 1) throw tooMany(metricName, result.length);
  const values = (result[0] as { values?: Array<[number, string]> }).values ?? [];
  return values.map((v) => promNumber(v[1]));
}
