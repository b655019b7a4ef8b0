// Why a rollout failed, from the objects alone: the new ReplicaSet's pods that are not ready with
// their container states and restart counts, and the latest events of the ReplicaSet and pods.
import {
  POD_TEMPLATE_HASH_LABEL,
  type ContainerStatus,
  type Deployment,
  type KubeEvent,
  type Pod,
  type ReplicaSet,
} from '../types.js';
import { equalIgnoreHash } from '../workloads/undo.js';

export interface ContainerDiagnosis {
  name: string;
  ready: boolean;
  state: string;
  detail?: string;
  restarts: number;
  lastTermination?: string;
}

export interface PodDiagnosis {
  name: string;
  phase: string;
  ready: boolean;
  problem: string;
  containers: ContainerDiagnosis[];
}

export interface EventLine {
  type: string;
  reason: string;
  object: string;
  message: string;
  count: number;
  time?: string;
}

export interface RolloutDiagnosis {
  newReplicaSet?: string;
  pods: PodDiagnosis[];
  notReady: PodDiagnosis[];
  events: EventLine[];
  /** One line: the not-ready pods with their reasons and the latest warning events. */
  headline: string;
}

export interface ExplainInput {
  deployment: Deployment;
  replicaSets: ReplicaSet[];
  pods: Pod[];
  events: KubeEvent[];
}

export function findNewReplicaSet(deployment: Deployment, replicaSets: ReplicaSet[]): ReplicaSet | undefined {
  return replicaSets.find((rs) => equalIgnoreHash(rs.spec?.template, deployment.spec?.template));
}

export function explainRollout(input: ExplainInput): RolloutDiagnosis {
  const newRs = findNewReplicaSet(input.deployment, input.replicaSets);
  const hash = newRs?.metadata.labels?.[POD_TEMPLATE_HASH_LABEL];
  const pods = input.pods
    .filter(
      (p) =>
        !newRs ||
        ownedBy(p, newRs) ||
        (hash !== undefined && p.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] === hash),
    )
    .map(diagnosePod)
    .sort((a, b) => a.name.localeCompare(b.name));
  const notReady = pods.filter((p) => !p.ready);
  const names = new Set([input.deployment.metadata.name, newRs?.metadata.name, ...pods.map((p) => p.name)]);
  const events = input.events
    .filter((e) => names.has(e.involvedObject?.name ?? e.regarding?.name))
    .map(eventLine)
    .sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''));
  return {
    newReplicaSet: newRs?.metadata.name,
    pods,
    notReady,
    events,
    headline: headline(pods, notReady, events),
  };
}

function ownedBy(pod: Pod, rs: ReplicaSet): boolean {
  return (pod.metadata.ownerReferences ?? []).some((o) => o.uid === rs.metadata.uid);
}

export function diagnosePod(pod: Pod): PodDiagnosis {
  const statuses = pod.status?.containerStatuses ?? [];
  const containers = statuses.map(diagnoseContainer);
  const readyCondition = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const ready = readyCondition
    ? readyCondition.status === 'True'
    : statuses.length > 0 && statuses.every((s) => s.ready);
  return {
    name: pod.metadata.name ?? '',
    phase: pod.status?.phase ?? 'Unknown',
    ready,
    problem: ready ? '' : podProblem(pod, containers),
    containers,
  };
}

function podProblem(pod: Pod, containers: ContainerDiagnosis[]): string {
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False')
    return `unschedulable${scheduled.message ? `: ${scheduled.message}` : ''}`;
  const bad = containers.filter((c) => !c.ready);
  if (bad.length === 0) return pod.status?.reason ?? pod.status?.phase ?? 'not ready';
  return bad
    .map((c) => {
      const parts = [`${c.name}: ${c.state}`];
      if (c.restarts > 0) parts.push(`${c.restarts} restart${c.restarts === 1 ? '' : 's'}`);
      if (c.lastTermination) parts.push(`last terminated ${c.lastTermination}`);
      return parts.join(', ');
    })
    .join('; ');
}

export function diagnoseContainer(status: ContainerStatus): ContainerDiagnosis {
  const { waiting, running, terminated } = status.state ?? {};
  let state = 'unknown';
  let detail: string | undefined;
  if (waiting) {
    state = waiting.reason ?? 'Waiting';
    detail = waiting.message;
  } else if (terminated) {
    state = `${terminated.reason ?? 'Terminated'} (exit ${terminated.exitCode ?? '?'})`;
    detail = terminated.message;
  } else if (running) {
    state = status.ready ? 'Running' : 'Running, not ready (readiness probe failing)';
  }
  const last = status.lastState?.terminated;
  return {
    name: status.name,
    ready: status.ready === true,
    state,
    detail,
    restarts: status.restartCount ?? 0,
    lastTermination: last ? `${last.reason ?? 'Terminated'} (exit ${last.exitCode ?? '?'})` : undefined,
  };
}

function eventLine(e: KubeEvent): EventLine {
  const obj = e.involvedObject ?? e.regarding;
  return {
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    object: `${(obj?.kind ?? '').toLowerCase()}/${obj?.name ?? ''}`,
    message: (e.message ?? e.note ?? '').trim(),
    count: e.count ?? 1,
    time: e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp,
  };
}

function headline(pods: PodDiagnosis[], notReady: PodDiagnosis[], events: EventLine[]): string {
  const parts: string[] = [];
  if (pods.length === 0) parts.push('no pods of the new revision exist');
  else if (notReady.length === 0) parts.push(`all ${pods.length} new pods are ready`);
  else {
    const shown = notReady.slice(0, 2).map((p) => `${p.name} (${p.problem})`);
    const more = notReady.length > 2 ? ` and ${notReady.length - 2} more` : '';
    parts.push(`${notReady.length} of ${pods.length} new pods not ready: ${shown.join(', ')}${more}`);
  }
  const seen = new Set<string>();
  const warnings = events
    .filter((e) => e.type === 'Warning')
    .reverse()
    .filter((e) => {
      const key = `${e.reason} ${e.object} ${e.message}`;
      return !seen.has(key) && !!seen.add(key);
    })
    .slice(0, 2)
    .reverse();
  if (warnings.length > 0)
    parts.push(`last events: ${warnings.map((e) => `${e.reason} ${e.object}: ${e.message}`).join('; ')}`);
  return parts.join('; ');
}
