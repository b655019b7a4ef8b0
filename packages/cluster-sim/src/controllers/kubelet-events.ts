// The kubelet's Events a person (or `kube`'s failure explanation) reads: Started, Unhealthy, BackOff
// per crash-loop restart, and Pulling/Failed/BackOff for an image that cannot be pulled.
import { isPlainObject, type KubeObject } from '../types.js';
import { pullErrorMessage, type ContainerContext } from './container-state.js';
import type { EventRecorder } from './events.js';

function firstContainer(pod: KubeObject): { name: string; image: string } {
  const c =
    isPlainObject(pod.spec) && Array.isArray(pod.spec.containers) && isPlainObject(pod.spec.containers[0])
      ? pod.spec.containers[0]
      : {};
  return { name: String(c.name ?? 'app'), image: String(c.image ?? '') };
}

export function recordKubeletEvents(events: EventRecorder, pod: KubeObject, ctx: ContainerContext): void {
  if (ctx.pull) recordPullEvents(events, pod, ctx);
  const { times, profile, restarts } = ctx;
  if (times.runningAt === undefined) return;
  const { name } = firstContainer(pod);
  if (!times.startedEvent) {
    times.startedEvent = true;
    events.record(pod, 'Normal', 'Started', `Started container ${name}`, 'kubelet');
  }
  if (profile.crashLoop && restarts > (times.backOffRestarts ?? 0)) {
    times.backOffRestarts = restarts;
    events.record(
      pod,
      'Warning',
      'BackOff',
      `Back-off restarting failed container ${name} in pod ${pod.metadata.name}`,
      'kubelet',
    );
  } else if (!profile.crashLoop && !ctx.ready && !times.unhealthyEvent) {
    times.unhealthyEvent = true;
    events.record(
      pod,
      'Warning',
      'Unhealthy',
      'Readiness probe failed: HTTP probe failed with statuscode: 503',
      'kubelet',
    );
  }
}

/**
 * As the kubelet's image manager: each attempt is `Pulling`, then Warning `Failed` with the error and
 * Warning `Failed` `Error: ErrImagePull`; each back-off is `BackOff` (the kubelet records it as
 * Normal) and Warning `Failed` `Error: ImagePullBackOff`.
 */
function recordPullEvents(events: EventRecorder, pod: KubeObject, ctx: ContainerContext): void {
  const { times, pull } = ctx;
  if (!pull) return;
  const { image } = firstContainer(pod);
  if (pull.attempts > (times.pullFailedEvents ?? 0)) {
    times.pullFailedEvents = pull.attempts;
    events.record(pod, 'Normal', 'Pulling', `Pulling image "${image}"`, 'kubelet');
    events.record(
      pod,
      'Warning',
      'Failed',
      `Failed to pull image "${image}": ${pullErrorMessage(image)}`,
      'kubelet',
    );
    events.record(pod, 'Warning', 'Failed', 'Error: ErrImagePull', 'kubelet');
  }
  const backOffs = pull.attempts - (pull.backingOff ? 0 : 1);
  if (backOffs > (times.pullBackOffEvents ?? 0)) {
    times.pullBackOffEvents = backOffs;
    events.record(pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, 'kubelet');
    events.record(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', 'kubelet');
  }
}
