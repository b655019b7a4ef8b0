// The simulated kubelet: Pending → Running → Ready after the start delay, with the image's
// behaviour deciding readiness, crash-looping and failing image pulls.
import type { Clock } from '@deploy-actions/action-kit';
import { semanticEqual } from '../store/canonical.js';
import type { Registry } from '../store/registry.js';
import { kubeTime } from '../time.js';
import { isPlainObject, type JsonObject, type KubeObject } from '../types.js';
import type { BehaviourProfile, Behaviours } from './behaviour.js';
import { backOffSchedule, containerStatus, pullState, type PullState } from './container-state.js';
import type { EventRecorder } from './events.js';
import { recordKubeletEvents } from './kubelet-events.js';
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
      crashReason: acc.crashReason === 'OOMKilled' ? acc.crashReason : p.crashReason,
      pullError: acc.pullError || p.pullError,
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
    // An image that cannot be pulled never starts: the kubelet retries the pull with a back-off.
    const pull = profile.pullError ? pullState(startAt, now, this.options.podStartDelayMs) : undefined;
    if (!pull && now >= startAt && times.runningAt === undefined) times.runningAt = now;
    if (profile.crashLoop && times.runningAt !== undefined && times.nextCrashAt === undefined)
      times.nextCrashAt = times.runningAt + this.options.podStartDelayMs;
    const restarts = this.crashCount(times, now);
    const ready =
      times.runningAt !== undefined && profile.ready && !profile.crashLoop && !pod.metadata.deletionTimestamp;
    if (ready && times.readySince === undefined) times.readySince = now;
    if (!ready) times.readySince = undefined;
    if (this.events) recordKubeletEvents(this.events, pod, { times, ready, restarts, profile, pull });
    // Nothing that shapes the status moved since the last pass (the common steady state): skip the work.
    const key = `${pod.metadata.resourceVersion}|${times.runningAt !== undefined}|${ready}|${restarts}|${pullKey(pull)}`;
    if (times.statusKey === key) return;
    const status = this.buildStatus(pod, times, ready, restarts, profile, pull);
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

  /** Crash-looping containers restart with a doubling back-off (capped at 8× the start delay). */
  private crashCount(times: PodTimes, now: number): number {
    if (times.nextCrashAt === undefined || times.runningAt === undefined) return 0;
    const delay = this.options.podStartDelayMs;
    return backOffSchedule(times.runningAt + delay, now, delay).count;
  }

  private buildStatus(
    pod: KubeObject,
    times: PodTimes,
    ready: boolean,
    restarts: number,
    profile: BehaviourProfile,
    pull: PullState | undefined,
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
      containerStatuses: containers.map((c) => containerStatus(c, { times, ready, restarts, profile, pull })),
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

function pullKey(pull: PullState | undefined): string {
  return pull ? `${pull.attempts}${pull.backingOff ? '+' : ''}` : '';
}
