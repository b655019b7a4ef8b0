// `pods/<name>/log`: a few lines a simulated container would print, from its status and behaviour,
// so `kubectl logs` and failure explanations have something true to show.
import type { ServerResponse } from 'node:http';
import { isPlainObject, type JsonObject, type KubeObject } from '../types.js';
import type { ApiContext, ResourceRequest } from './context.js';
import { ApiError } from './status.js';

function containerStatus(pod: KubeObject, name: string): JsonObject | undefined {
  const list =
    isPlainObject(pod.status) && Array.isArray(pod.status.containerStatuses)
      ? pod.status.containerStatuses.filter(isPlainObject)
      : [];
  return list.find((c) => c.name === name);
}

/** The last line a crashed container printed: a panic, or nothing past its start when OOM-killed. */
function crashLine(terminated: JsonObject): string {
  return terminated.reason === 'OOMKilled'
    ? `${String(terminated.startedAt)} allocating cache (simulated leak: image tag ends with -oom)`
    : `${String(terminated.finishedAt)} panic: simulated crash (image tag ends with -crashloop)`;
}

/** The API server's wording for a container that has not started. */
function waitingToStart(reason: unknown): string {
  if (reason === 'ImagePullBackOff') return 'trying and failing to pull image';
  if (reason === 'ErrImagePull') return "image can't be pulled";
  return typeof reason === 'string' && reason ? reason : 'ContainerCreating';
}

export function podLogLines(pod: KubeObject, container: string, previous: boolean): string[] {
  const status = containerStatus(pod, container);
  const state = (isPlainObject(status?.state) ? status.state : {}) as JsonObject;
  const image = String(status?.image ?? '');
  const waiting = isPlainObject(state.waiting) ? state.waiting : undefined;
  const terminated =
    isPlainObject(status?.lastState) && isPlainObject(status.lastState.terminated)
      ? status.lastState.terminated
      : undefined;
  if (previous) {
    if (!terminated)
      throw new ApiError(
        400,
        'BadRequest',
        `previous terminated container "${container}" in pod "${pod.metadata.name}" not found`,
      );
    return [`${String(terminated.startedAt)} starting ${image}`, crashLine(terminated)];
  }
  if (!status || (waiting && waiting.reason !== 'CrashLoopBackOff')) {
    throw new ApiError(
      400,
      'BadRequest',
      `container "${container}" in pod "${pod.metadata.name}" is waiting to start: ${waitingToStart(waiting?.reason)}`,
    );
  }
  const started = isPlainObject(state.running)
    ? String(state.running.startedAt)
    : String(terminated?.finishedAt ?? '');
  const lines = [`${started} starting ${image}`, `${started} listening on :8080`];
  if (waiting?.reason === 'CrashLoopBackOff' && terminated) lines.push(crashLine(terminated));
  else if (status.ready !== true) lines.push(`${started} readiness check failing: not ready to serve`);
  return lines;
}

export function handlePodLog(ctx: ApiContext, req: ResourceRequest, res: ServerResponse): void {
  const { type, namespace, name } = req.target;
  const pod = ctx.registry.get(type, namespace, name!);
  const containers =
    isPlainObject(pod.spec) && Array.isArray(pod.spec.containers)
      ? pod.spec.containers.filter(isPlainObject)
      : [];
  const container =
    req.query.get('container') ?? (containers.length === 1 ? String(containers[0]!.name) : undefined);
  if (!container) {
    throw new ApiError(
      400,
      'BadRequest',
      `a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => String(c.name)).join(' ')}]`,
    );
  }
  let lines = podLogLines(pod, container, req.query.get('previous') === 'true');
  const tail = Number(req.query.get('tailLines') ?? NaN);
  if (Number.isInteger(tail) && tail >= 0) lines = tail === 0 ? [] : lines.slice(-tail);
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end(lines.map((l) => `${l}\n`).join(''));
}
