// The simulated kubelet's container states: the back-off schedule shared by crash loops and failing
// image pulls, and `status.containerStatuses[]` (waiting/running, lastState, restartCount).
import { kubeTime } from '../time.js';
import type { JsonObject } from '../types.js';
import type { BehaviourProfile } from './behaviour.js';
import type { PodTimes } from './pod-runtime.js';

/** Where a container whose image cannot be pulled stands: failed attempts so far, and whether it is backing off. */
export interface PullState {
  attempts: number;
  backingOff: boolean;
}

/**
 * How many retries happened by `now` when the first is at `firstAt` and the next ones follow a
 * doubling back-off (2×, 4×, then capped at 8× the start delay), and when the latest one was.
 */
export function backOffSchedule(
  firstAt: number,
  now: number,
  delayMs: number,
): { count: number; lastAt?: number } {
  let count = 0;
  let lastAt: number | undefined;
  let at = firstAt;
  while (at <= now && count < 10_000) {
    count++;
    lastAt = at;
    at += delayMs * Math.min(8, 2 ** Math.min(count, 3));
  }
  return { count, lastAt };
}

/**
 * A failing pull: attempts from the start time on; each shows `ErrImagePull` for one start delay,
 * then `ImagePullBackOff` until the next attempt.
 */
export function pullState(startAt: number, now: number, delayMs: number): PullState {
  const { count, lastAt } = backOffSchedule(startAt, now, delayMs);
  return { attempts: count, backingOff: lastAt !== undefined && now >= lastAt + delayMs };
}

/** The error a failed pull reports, worded as containerd's. */
export function pullErrorMessage(image: string): string {
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`;
}

export interface ContainerContext {
  times: PodTimes;
  ready: boolean;
  restarts: number;
  profile: BehaviourProfile;
  pull?: PullState;
}

function waitingState(c: JsonObject, image: string, ctx: ContainerContext): JsonObject | undefined {
  if (ctx.pull && ctx.pull.attempts > 0) {
    return ctx.pull.backingOff
      ? { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } }
      : { waiting: { reason: 'ErrImagePull', message: pullErrorMessage(image) } };
  }
  if (ctx.times.runningAt === undefined) return { waiting: { reason: 'ContainerCreating' } };
  if (ctx.profile.crashLoop && ctx.restarts > 0)
    return {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off restarting failed container ${String(c.name)}`,
      },
    };
  return undefined;
}

export function containerStatus(c: JsonObject, ctx: ContainerContext): JsonObject {
  const { times, profile, restarts } = ctx;
  const image = String(c.image ?? '');
  const started = times.runningAt !== undefined;
  const crashed = started && profile.crashLoop && restarts > 0;
  const oom = profile.crashReason === 'OOMKilled';
  const lastState: JsonObject = crashed
    ? {
        terminated: {
          exitCode: oom ? 137 : 1,
          reason: profile.crashReason,
          startedAt: kubeTime(times.runningAt!),
          finishedAt: kubeTime(times.nextCrashAt ?? times.runningAt!),
        },
      }
    : {};
  return {
    name: c.name,
    image,
    // An image that was never pulled has no ID.
    imageID: ctx.pull ? '' : `sim://${image}`,
    containerID: started ? `sim://${String(c.name)}-${times.scheduledAt}` : undefined,
    ready: ctx.ready,
    started: started && !crashed,
    restartCount: restarts,
    state: waitingState(c, image, ctx) ?? { running: { startedAt: kubeTime(times.runningAt!) } },
    lastState,
  };
}
