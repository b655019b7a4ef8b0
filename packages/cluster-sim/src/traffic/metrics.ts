// Prometheus metrics of the simulated applications: `http_requests_total` and the
// `http_request_duration_seconds` histogram, in the text exposition format.

// The Prometheus client defaults plus 0.075, 0.75, 1.5 and 2 s, so p95/p99 estimates near 1 s are sharp.
export const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 5, 10];

export interface RequestLabels {
  namespace: string;
  service: string;
  version: string;
  pod: string;
  code: string;
}

interface Series {
  labels: RequestLabels;
  count: number;
  sum: number;
  buckets: number[];
}

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${escape(v)}"`)
    .join(',');
}

export class Metrics {
  private readonly series = new Map<string, Series>();

  observe(labels: RequestLabels, seconds: number): void {
    const key = labelText({ ...labels });
    let s = this.series.get(key);
    if (!s) {
      s = { labels, count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
      this.series.set(key, s);
    }
    s.count++;
    s.sum += seconds;
    BUCKETS.forEach((le, i) => {
      if (seconds <= le) s!.buckets[i]!++;
    });
  }

  render(): string {
    const lines: string[] = [];
    lines.push('# HELP http_requests_total Requests served by the simulated applications.');
    lines.push('# TYPE http_requests_total counter');
    for (const s of this.series.values())
      lines.push(`http_requests_total{${labelText({ ...s.labels })}} ${s.count}`);
    lines.push(
      '# HELP http_request_duration_seconds Latency of requests served by the simulated applications.',
    );
    lines.push('# TYPE http_request_duration_seconds histogram');
    for (const s of this.series.values()) {
      const base = { ...s.labels } as Record<string, string>;
      BUCKETS.forEach((le, i) =>
        lines.push(
          `http_request_duration_seconds_bucket{${labelText({ ...base, le: String(le) })}} ${s.buckets[i]}`,
        ),
      );
      lines.push(`http_request_duration_seconds_bucket{${labelText({ ...base, le: '+Inf' })}} ${s.count}`);
      lines.push(`http_request_duration_seconds_sum{${labelText(base)}} ${s.sum.toFixed(6)}`);
      lines.push(`http_request_duration_seconds_count{${labelText(base)}} ${s.count}`);
    }
    return lines.join('\n') + '\n';
  }
}
