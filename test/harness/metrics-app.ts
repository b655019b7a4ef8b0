// A small HTTP test app on loopback with a stable and a canary version. `/metrics` exposes
// http_requests_total{code} and the http_request_duration_seconds histogram for both versions;
// `/stable` and `/canary` answer real requests (for the HTTP probe). Error rate, latency and
// synthetic traffic of each version can be changed while it runs.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Track = 'stable' | 'canary';

export interface Behaviour {
  /** Fraction of requests answered 500 (spread evenly, not random). */
  errorRate: number;
  /** Typical latency; each request varies by ±20 %. */
  latencyMs: number;
  /** Requests per second recorded in the metrics without real HTTP (0 = no traffic). */
  trafficRps: number;
  /** When true, `/<track>` drops the connection without an answer. */
  down: boolean;
}

export interface MetricsAppOptions {
  /** Value of the `app` label (lets several apps share one Prometheus). */
  app?: string;
  stable?: Partial<Behaviour>;
  canary?: Partial<Behaviour>;
}

export interface MetricsApp {
  url: string;
  /** host:port, as a Prometheus target. */
  target: string;
  app: string;
  set(track: Track, change: Partial<Behaviour>): void;
  /** Requests served for real on `/<track>`. */
  served(track: Track): number;
  stop(): Promise<void>;
}

export const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const DEFAULTS: Behaviour = { errorRate: 0, latencyMs: 20, trafficRps: 50, down: false };

class TrackState {
  behaviour: Behaviour;
  /** code → count; created on first use, as client libraries do. */
  readonly codes = new Map<string, number>();
  readonly buckets = new Array<number>(BUCKETS.length).fill(0);
  count = 0;
  sum = 0;
  served = 0;
  private errorDebt = 0;
  private seed = 12345;

  constructor(behaviour: Partial<Behaviour> | undefined) {
    this.behaviour = { ...DEFAULTS, ...behaviour };
  }

  private random(): number {
    this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
    return this.seed / 2147483648;
  }

  /** Decides the next request's status and latency, spreading errors evenly. */
  next(): { code: number; latencySec: number } {
    this.errorDebt += this.behaviour.errorRate;
    const failed = this.errorDebt >= 1;
    if (failed) this.errorDebt -= 1;
    const latencySec = (this.behaviour.latencyMs * (0.8 + 0.4 * this.random())) / 1000;
    return { code: failed ? 500 : 200, latencySec };
  }

  observe(code: number, latencySec: number): void {
    this.codes.set(String(code), (this.codes.get(String(code)) ?? 0) + 1);
    this.count++;
    this.sum += latencySec;
    BUCKETS.forEach((le, i) => {
      if (latencySec <= le) this.buckets[i]!++;
    });
  }
}

function exposition(app: string, tracks: Record<Track, TrackState>): string {
  const lines = ['# TYPE http_requests_total counter', '# TYPE http_request_duration_seconds histogram'];
  for (const [track, s] of Object.entries(tracks)) {
    if (s.count === 0) continue; // no series before the first request
    const labels = `app="${app}",track="${track}"`;
    for (const [code, n] of s.codes) lines.push(`http_requests_total{${labels},code="${code}"} ${n}`);
    BUCKETS.forEach((le, i) =>
      lines.push(`http_request_duration_seconds_bucket{${labels},le="${le}"} ${s.buckets[i]}`),
    );
    lines.push(`http_request_duration_seconds_bucket{${labels},le="+Inf"} ${s.count}`);
    lines.push(
      `http_request_duration_seconds_sum{${labels}} ${s.sum}`,
      `http_request_duration_seconds_count{${labels}} ${s.count}`,
    );
  }
  return lines.join('\n') + '\n';
}

export async function startMetricsApp(options: MetricsAppOptions = {}): Promise<MetricsApp> {
  const app = options.app ?? 'web';
  const tracks: Record<Track, TrackState> = {
    stable: new TrackState(options.stable),
    canary: new TrackState(options.canary),
  };
  const carry: Record<Track, number> = { stable: 0, canary: 0 };
  const tickMs = 100;
  const traffic = setInterval(() => {
    for (const track of ['stable', 'canary'] as const) {
      const s = tracks[track];
      carry[track] += (s.behaviour.trafficRps * tickMs) / 1000;
      for (; carry[track] >= 1; carry[track]--) {
        const { code, latencySec } = s.next();
        s.observe(code, latencySec);
      }
    }
  }, tickMs);
  traffic.unref();

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(exposition(app, tracks));
      return;
    }
    const track = path === '/stable' ? 'stable' : path === '/canary' ? 'canary' : undefined;
    if (!track) {
      res.writeHead(404).end('not found\n');
      return;
    }
    const s = tracks[track];
    if (s.behaviour.down) {
      req.socket.destroy();
      return;
    }
    const { code, latencySec } = s.next();
    setTimeout(() => {
      s.observe(code, latencySec);
      s.served++;
      res.writeHead(code, { 'content-type': 'text/plain' }).end(`${track} ${code}\n`);
    }, latencySec * 1000);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    target: `127.0.0.1:${port}`,
    app,
    set: (track, change) => {
      tracks[track].behaviour = { ...tracks[track].behaviour, ...change };
    },
    served: (track) => tracks[track].served,
    stop: () =>
      new Promise<void>((resolve) => {
        clearInterval(traffic);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
