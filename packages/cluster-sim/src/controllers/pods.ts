// The simulated kubelet: Pending → Running → Ready after the start delay, with the image's
// behaviour deciding readiness and crash-looping.
import type { Clock } from '@deploy-actions/action-kit';
import { semanticEqual } from '../store/canonical.js';
import type { Registry } from '../store/registry.js';
import { kubeTime } from '../time.js';
import { isPlainObject, type JsonObject, type KubeObject } from '../types.js';
import type { BehaviourProfile, Behaviours } from './behaviour.js';
import type { EventRecorder } from './events.js';
import type { PodRuntime, PodTimes } from './pod-runtime.js';

export interface PodControllerOptions {
  podStartDelayMs: number;
  nodeName: string;
}

export class PodController {
  private nextIp = 10;

  constructor(
    private readonly registry: Registry,
    private readonly clock: Clock,
    private readonly behaviours: Behaviours,
    private readonly runtime: PodRuntime,
    private readonly options: PodControllerOptions,
    private readonly events?: EventRecorder,
  ) {}

  sync(): void {
    const pods = this.registry.scan(this.registry.type('pods'));
    const live = new Set(pods.map((p) => p.metadata.uid!));
    for (const uid of this.runtime.knownUids()) if (!live.has(uid)) this.runtime.forget(uid);
    for (const pod of pods) this.syncPod(pod);
  }

  private profileOf(pod: KubeObject): BehaviourProfile {
    const containers =
      isPlainObject(pod.spec) && Array.isArray(pod.spec.containers) ? pod.spec.containers : [];
    const profiles = containers
      .filter(isPlainObject)
      .map((c) => this.behaviours.profile(String(c.image ?? '')));
    // A pod behaves as its worst container.
    return profiles.reduce((acc, p) => ({
      ready: acc.ready && p.ready,
      crashLoop: acc.crashLoop || p.crashLoop,
      startDelayFactor: Math.max(acc.startDelayFactor, p.startDelayFactor),
      errorRate: Math.max(acc.errorRate, p.errorRate),
      latency: acc.latency.p95Ms >= p.latency.p95Ms ? acc.latency : p.latency,
    }));
  }

  private syncPod(pod: KubeObject): void {
    const now = this.clock.now();
    const uid = pod.metadata.uid!;
    if (pod.metadata.deletionTimestamp && this.finishTermination(pod, now)) return;
    const profile = this.profileOf(pod);
    let times = this.runtime.get(uid);
    if (!times) {
      times = { scheduledAt: now };
      this.runtime.set(uid, times);
    }
    const startAt = times.scheduledAt + this.options.podStartDelayMs * profile.startDelayFactor;
    if (now >= startAt && times.runningAt === undefined) times.runningAt = now;
    if (profile.crashLoop && times.runningAt !== undefined && times.nextCrashAt === undefined)
      times.nextCrashAt = times.runningAt + this.options.podStartDelayMs;
    const restarts = this.crashCount(times, now);
    const ready =
      times.runningAt !== undefined && profile.ready && !profile.crashLoop && !pod.metadata.deletionTimestamp;
    if (ready && times.readySince === undefined) times.readySince = now;
    if (!ready) times.readySince = undefined;
    this.recordEvents(pod, times, ready, restarts, profile);
    // Nothing that shapes the status moved since the last pass (the common steady state): skip the work.
    const key = `${pod.metadata.resourceVersion}|${times.runningAt !== undefined}|${ready}|${restarts}`;
    if (times.statusKey === key) return;
    const status = this.buildStatus(pod, times, ready, restarts, profile);
    if (!isPlainObject(pod.spec) || pod.spec.nodeName !== this.options.nodeName) {
      pod = this.registry.update(
        this.registry.type('pods'),
        { ...pod, spec: { ...(pod.spec as JsonObject), nodeName: this.options.nodeName } },
        { manager: 'kube-scheduler' },
      );
    }
    times.statusKey = key;
    if (semanticEqual(pod.status, status)) return;
    this.registry.update(
      this.registry.type('pods'),
      { ...pod, status },
      { manager: 'kubelet', subresource: 'status' },
    );
  }

  /** A Terminating pod goes once the simulator's termination time has passed; true when it is gone. */
  private finishTermination(pod: KubeObject, now: number): boolean {
    const times = this.runtime.get(pod.metadata.uid!) ?? { scheduledAt: now };
    times.terminatingSince ??= now;
    this.runtime.set(pod.metadata.uid!, times);
    if (now - times.terminatingSince < this.registry.podTerminationMs) return false;
    this.registry.delete(this.registry.type('pods'), pod.metadata.namespace, pod.metadata.name!, {
      gracePeriodSeconds: 0,
    });
    return true;
  }

  /** The kubelet's Events a person (or `kube`'s failure explanation) reads: Started, Unhealthy, BackOff. */
  private recordEvents(
    pod: KubeObject,
    times: PodTimes,
    ready: boolean,
    restarts: number,
    profile: BehaviourProfile,
  ): void {
    if (!this.events || times.runningAt === undefined) return;
    const name =
      isPlainObject(pod.spec) && Array.isArray(pod.spec.containers) && isPlainObject(pod.spec.containers[0])
        ? String(pod.spec.containers[0].name)
        : 'app';
    if (!times.startedEvent) {
      times.startedEvent = true;
      this.events.record(pod, 'Normal', 'Started', `Started container ${name}`, 'kubelet');
    }
    if (profile.crashLoop && restarts > (times.backOffRestarts ?? 0)) {
      times.backOffRestarts = restarts;
      this.events.record(
        pod,
        'Warning',
        'BackOff',
        `Back-off restarting failed container ${name} in pod ${pod.metadata.name}`,
        'kubelet',
      );
    } else if (!profile.crashLoop && !ready && !times.unhealthyEvent) {
      times.unhealthyEvent = true;
      this.events.record(
        pod,
        'Warning',
        'Unhealthy',
        'Readiness probe failed: HTTP probe failed with statuscode: 503',
        'kubelet',
      );
    }
  }

  /** Crash-looping containers restart with a doubling back-off (capped at 8× the start delay). */
  private crashCount(times: PodTimes, now: number): number {
    if (times.nextCrashAt === undefined || times.runningAt === undefined) return 0;
    let count = 0;
    let at = times.runningAt + this.options.podStartDelayMs;
    while (at <= now && count < 10_000) {
      count++;
      at += this.options.podStartDelayMs * Math.min(8, 2 ** Math.min(count, 3));
    }
    return count;
  }

  private buildStatus(
    pod: KubeObject,
    times: PodTimes,
    ready: boolean,
    restarts: number,
    profile: BehaviourProfile,
  ): JsonObject {
    const old = (isPlainObject(pod.status) ? pod.status : {}) as JsonObject;
    const running = times.runningAt !== undefined;
    const condition = (type: string, value: boolean) =>
      keepTransition(old, type, value ? 'True' : 'False', this.clock.now());
    const podIP = typeof old.podIP === 'string' ? old.podIP : this.allocateIp();
    const containers =
      isPlainObject(pod.spec) && Array.isArray(pod.spec.containers)
        ? pod.spec.containers.filter(isPlainObject)
        : [];
    return {
      phase: running ? 'Running' : 'Pending',
      conditions: [
        condition('PodReadyToStartContainers', true),
        condition('Initialized', true),
        condition('Ready', ready),
        condition('ContainersReady', ready),
        condition('PodScheduled', true),
      ],
      hostIP: '10.0.0.10',
      hostIPs: [{ ip: '10.0.0.10' }],
      podIP,
      podIPs: [{ ip: podIP }],
      startTime: old.startTime ?? kubeTime(times.scheduledAt),
      qosClass: 'BestEffort',
      containerStatuses: containers.map((c) => containerStatus(c, times, ready, restarts, profile)),
    };
  }

  private allocateIp(): string {
    const n = this.nextIp++;
    return `10.244.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
  }
}

function keepTransition(old: JsonObject, type: string, status: string, now: number): JsonObject {
  const prev = Array.isArray(old.conditions)
    ? old.conditions.filter(isPlainObject).find((c) => c.type === type)
    : undefined;
  const lastTransitionTime = prev && prev.status === status ? prev.lastTransitionTime : kubeTime(now);
  return { type, status, lastProbeTime: null, lastTransitionTime };
}

function containerStatus(
  c: JsonObject,
  times: PodTimes,
  ready: boolean,
  restarts: number,
  profile: BehaviourProfile,
): JsonObject {
  const image = String(c.image ?? '');
  const started = times.runningAt !== undefined;
  let state: JsonObject;
  let lastState: JsonObject = {};
  if (!started) state = { waiting: { reason: 'ContainerCreating' } };
  else if (profile.crashLoop && restarts > 0) {
    state = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off restarting failed container ${String(c.name)}`,
      },
    };
    lastState = {
      terminated: {
        exitCode: 1,
        reason: 'Error',
        startedAt: kubeTime(times.runningAt!),
        finishedAt: kubeTime(times.nextCrashAt ?? times.runningAt!),
      },
    };
  } else state = { running: { startedAt: kubeTime(times.runningAt!) } };
  return {
    name: c.name,
    image,
    imageID: `sim://${image}`,
    containerID: started ? `sim://${String(c.name)}-${times.scheduledAt}` : undefined,
    ready,
    started: started && !(profile.crashLoop && restarts > 0),
    restartCount: restarts,
    state,
    lastState,
  };
}
