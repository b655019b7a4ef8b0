// Every routed request, kept so a test can prove no request reached an unready pod and measure
// how long a fault was served.

export interface RequestRecord {
  /** Clock time in ms. */
  time: number;
  namespace: string;
  /** The Service the request was addressed to. */
  target: string;
  /** The Service whose endpoints answered (after routing). */
  service: string;
  route: string;
  pod: string;
  podReady: boolean;
  version: string;
  image: string;
  code: number;
  latencyMs: number;
  /** `generator` (load generator) or `http` (the /sim/app endpoint). */
  source: 'generator' | 'http';
}

export interface RequestFilter {
  namespace?: string;
  target?: string;
  service?: string;
  version?: string;
  since?: number;
  until?: number;
}

export class RequestLog {
  private records: RequestRecord[] = [];

  constructor(private readonly capacity = 200_000) {}

  add(record: RequestRecord): void {
    this.records.push(record);
    if (this.records.length > this.capacity) this.records.splice(0, this.records.length - this.capacity);
  }

  query(f: RequestFilter = {}): RequestRecord[] {
    return this.records.filter(
      (r) =>
        (f.namespace === undefined || r.namespace === f.namespace) &&
        (f.target === undefined || r.target === f.target) &&
        (f.service === undefined || r.service === f.service) &&
        (f.version === undefined || r.version === f.version) &&
        (f.since === undefined || r.time >= f.since) &&
        (f.until === undefined || r.time <= f.until),
    );
  }

  clear(): void {
    this.records = [];
  }
}
