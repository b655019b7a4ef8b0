// What the simulated kubelet knows about each pod beyond its status (millisecond timings), and the
// readiness/availability questions the other controllers ask.
import { isPlainObject, type JsonObject, type KubeObject } from '../types.js';
import { parseKubeTime } from '../time.js';

export interface PodTimes {
  scheduledAt: number;
  runningAt?: number;
  readySince?: number;
  nextCrashAt?: number;
  /** What the last status was computed from (resourceVersion, started, ready, restarts). */
  statusKey?: string;
  /** When the kubelet noticed the deletion (graceful termination). */
  terminatingSince?: number;
  /** Which Events were recorded already (Started, Unhealthy, restarts seen for BackOff, pull attempts). */
  startedEvent?: boolean;
  unhealthyEvent?: boolean;
  backOffRestarts?: number;
  /** Failed pull attempts whose `Failed` events, and back-offs whose `BackOff` events, were recorded. */
  pullFailedEvents?: number;
  pullBackOffEvents?: number;
}

export class PodRuntime {
  private readonly times = new Map<string, PodTimes>();

  get(uid: string): PodTimes | undefined {
    return this.times.get(uid);
  }

  set(uid: string, t: PodTimes): void {
    this.times.set(uid, t);
  }

  forget(uid: string): void {
    this.times.delete(uid);
  }

  knownUids(): string[] {
    return [...this.times.keys()];
  }

  /** Ready for at least `minReadySeconds`. */
  isAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
    if (!isPodReady(pod)) return false;
    if (minReadySeconds <= 0) return true;
    const since = this.times.get(pod.metadata.uid ?? '')?.readySince ?? readyTransitionTime(pod);
    return since !== undefined && now - since >= minReadySeconds * 1000;
  }
}

function conditions(pod: KubeObject): JsonObject[] {
  const status = isPlainObject(pod.status) ? pod.status : {};
  return Array.isArray(status.conditions) ? status.conditions.filter(isPlainObject) : [];
}

export function isPodReady(pod: KubeObject): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  return conditions(pod).some((c) => c.type === 'Ready' && c.status === 'True');
}

function readyTransitionTime(pod: KubeObject): number | undefined {
  const c = conditions(pod).find((x) => x.type === 'Ready' && x.status === 'True');
  return parseKubeTime(c?.lastTransitionTime);
}

export function podPhase(pod: KubeObject): string {
  return isPlainObject(pod.status) && typeof pod.status.phase === 'string' ? pod.status.phase : 'Pending';
}
