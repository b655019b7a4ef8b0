// The traffic simulation: routes requests the way the cluster would (routes → Service endpoints →
// pod), applies the pod version's behaviour (errors, latency), records and counts every request,
// and drives a load generator of configurable requests per second per Service.
import type { Clock } from '@deploy-actions/action-kit';
import type { Behaviours } from '../controllers/behaviour.js';
import { imageTag } from '../controllers/behaviour.js';
import { isPodReady } from '../controllers/pod-runtime.js';
import type { Random } from '../random.js';
import type { Registry } from '../store/registry.js';
import { isPlainObject, type JsonObject, type KubeObject } from '../types.js';
import { sampleLatencyMs } from './latency.js';
import { Metrics } from './metrics.js';
import { RequestLog, type RequestRecord } from './request-log.js';
import { pickBackend, resolveBackends, type Via } from './routes.js';

export interface TrafficTarget {
  namespace: string;
  service: string;
  rps: number;
  via?: Via;
}

/** The version label of a pod: its `version` / `app.kubernetes.io/version` label, else its image tag. */
export function podVersion(pod: KubeObject): { version: string; image: string } {
  const containers =
    isPlainObject(pod.spec) && Array.isArray(pod.spec.containers)
      ? pod.spec.containers.filter(isPlainObject)
      : [];
  const image = String(containers[0]?.image ?? '');
  const labels = pod.metadata.labels ?? {};
  return { version: labels.version ?? labels['app.kubernetes.io/version'] ?? imageTag(image), image };
}

export class TrafficSimulator {
  readonly log = new RequestLog();
  readonly metrics = new Metrics();
  private readonly targets = new Map<string, TrafficTarget & { carry: number }>();
  private readonly roundRobin = new Map<string, number>();
  private readonly abort = new AbortController();
  private loop?: Promise<void>;

  constructor(
    private readonly registry: Registry,
    private readonly clock: Clock,
    private readonly behaviours: Behaviours,
    private readonly random: Random,
    private readonly intervalMs = 100,
  ) {}

  setTraffic(target: TrafficTarget): void {
    const key = `${target.namespace}/${target.service}`;
    if (target.rps <= 0) this.targets.delete(key);
    else this.targets.set(key, { ...target, carry: this.targets.get(key)?.carry ?? 0 });
  }

  traffic(): TrafficTarget[] {
    return [...this.targets.values()].map(({ carry: _c, ...t }) => t);
  }

  /** Routes one request and records it; `latencyMs` is what the pod's behaviour says it took. */
  route(
    namespace: string,
    service: string,
    via: Via | undefined,
    source: RequestRecord['source'],
  ): RequestRecord {
    const backend = pickBackend(resolveBackends(this.registry, namespace, service, via), this.random.next);
    const base = { time: this.clock.now(), namespace, target: service, source };
    const pod = backend ? this.pickPod(namespace, backend.service) : undefined;
    if (!backend || !pod) {
      const record: RequestRecord = {
        ...base,
        service: backend?.service ?? service,
        route: backend?.route ?? 'none',
        pod: '',
        podReady: false,
        version: '',
        image: '',
        code: 503,
        latencyMs: 0,
      };
      this.log.add(record);
      return record;
    }
    const { version, image } = podVersion(pod);
    const profile = this.behaviours.profile(image);
    const latencyMs = sampleLatencyMs(profile.latency, this.random.next);
    const code = this.random.next() < profile.errorRate ? 503 : 200;
    const record: RequestRecord = {
      ...base,
      service: backend.service,
      route: backend.route,
      pod: pod.metadata.name!,
      podReady: isPodReady(pod),
      version,
      image,
      code,
      latencyMs,
    };
    this.log.add(record);
    this.metrics.observe(
      { namespace, service: backend.service, version, pod: record.pod, code: String(code) },
      latencyMs / 1000,
    );
    return record;
  }

  /**
   * A ready endpoint of the Service, round-robin, as kube-proxy would pick from the Endpoints object.
   * Addresses of pods deleted since the last Endpoints update are skipped: a real pod keeps serving
   * through its termination grace period, so those requests would not fail either.
   */
  private pickPod(namespace: string, service: string): KubeObject | undefined {
    const ep = this.registry.peek(this.registry.type('endpoints'), namespace, service);
    const subsets = Array.isArray(ep?.subsets) ? (ep.subsets as unknown[]).filter(isPlainObject) : [];
    const podType = this.registry.type('pods');
    const pods = subsets
      .flatMap((s) => (Array.isArray(s.addresses) ? s.addresses.filter(isPlainObject) : []))
      .map((a) => (a.targetRef as JsonObject | undefined)?.name)
      .map((name) => (name === undefined ? undefined : this.registry.peek(podType, namespace, String(name))))
      .filter((p): p is KubeObject => p !== undefined && !p.metadata.deletionTimestamp);
    if (pods.length === 0) return undefined;
    const key = `${namespace}/${service}`;
    const n = this.roundRobin.get(key) ?? 0;
    this.roundRobin.set(key, n + 1);
    return pods[n % pods.length];
  }

  generate(elapsedMs: number): void {
    for (const t of this.targets.values()) {
      t.carry += (t.rps * elapsedMs) / 1000;
      const n = Math.floor(t.carry);
      t.carry -= n;
      for (let i = 0; i < n; i++) this.route(t.namespace, t.service, t.via, 'generator');
    }
  }

  start(): void {
    if (this.loop) return;
    this.loop = (async () => {
      let last = this.clock.now();
      while (!this.abort.signal.aborted) {
        try {
          await this.clock.sleep(this.intervalMs, this.abort.signal);
        } catch {
          return;
        }
        // The time that really passed, so a busy event loop does not lower the request rate.
        const now = this.clock.now();
        this.generate(Math.min(now - last, 10 * this.intervalMs));
        last = now;
      }
    })();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }
}
