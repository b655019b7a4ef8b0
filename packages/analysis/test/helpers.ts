// Test helpers: a scripted provider and metric specs with defaults.
import type { MeasureContext, MetricProvider, MetricSpec, ProviderReading } from '../src/types.js';

export type Script = (metric: MetricSpec, call: number, ctx: MeasureContext) => ProviderReading | Error;

export class ScriptedProvider implements MetricProvider {
  readonly description = 'Scripted provider';
  calls = 0;
  readonly callTimes: number[] = [];
  preflightError?: Error;
  constructor(private readonly script: Script) {}
  async preflight(): Promise<void> {
    if (this.preflightError) throw this.preflightError;
  }
  async measure(metric: MetricSpec, ctx: MeasureContext): Promise<ProviderReading> {
    this.calls++;
    this.callTimes.push(ctx.end);
    const out = this.script(metric, this.calls, ctx);
    if (out instanceof Error) throw out;
    return out;
  }
}

export function spec(overrides: Partial<MetricSpec> = {}): MetricSpec {
  return {
    name: 'error-rate',
    provider: 'p',
    source: { kind: 'promql', query: 'x' },
    threshold: { max: 0.01 },
    critical: false,
    weight: 1,
    noData: 'inconclusive',
    minSamples: 1,
    limits: { failureLimit: 0, inconclusiveLimit: 0, consecutiveErrorLimit: 4 },
    unit: 'ratio',
    ...overrides,
  };
}

export const value = (v: number | undefined): ProviderReading => ({
  canary: { value: v, samples: v === undefined ? [] : [v] },
});
