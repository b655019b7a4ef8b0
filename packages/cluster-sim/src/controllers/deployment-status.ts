// Deployment status and conditions (Available, Progressing with ProgressDeadlineExceeded), computed
// the way the upstream controller does from its ReplicaSets.
import { kubeTime, parseKubeTime } from '../time.js';
import { isPlainObject, type JsonObject, type KubeObject } from '../types.js';
import { surgeAndUnavailable } from './int-or-percent.js';

export interface ProgressEvent {
  reason: 'NewReplicaSetCreated' | 'FoundNewReplicaSet';
  message: string;
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const rsStatus = (rs: KubeObject) => (isPlainObject(rs.status) ? rs.status : {}) as JsonObject;
const rsSpec = (rs: KubeObject) => (isPlainObject(rs.spec) ? rs.spec : {}) as JsonObject;

function conditionsOf(status: JsonObject): JsonObject[] {
  return Array.isArray(status.conditions)
    ? status.conditions.filter(isPlainObject).map((c) => ({ ...c }))
    : [];
}

function setCondition(list: JsonObject[], next: JsonObject, keepUpdateTimeOnSameReason = true): JsonObject[] {
  const prev = list.find((c) => c.type === next.type);
  if (prev && prev.status === next.status && prev.reason === next.reason && keepUpdateTimeOnSameReason)
    return list;
  const merged = {
    ...next,
    lastTransitionTime:
      prev && prev.status === next.status ? prev.lastTransitionTime : next.lastTransitionTime,
  };
  return [...list.filter((c) => c.type !== next.type), merged];
}

function condition(type: string, status: string, reason: string, message: string, now: number): JsonObject {
  return { type, status, lastUpdateTime: kubeTime(now), lastTransitionTime: kubeTime(now), reason, message };
}

export function computeDeploymentStatus(
  d: KubeObject,
  newRs: KubeObject | undefined,
  all: KubeObject[],
  now: number,
  event?: ProgressEvent,
): JsonObject {
  const spec = d.spec as JsonObject;
  const old = (isPlainObject(d.status) ? d.status : {}) as JsonObject;
  const desired = num(spec.replicas);
  const replicas = all.reduce((n, rs) => n + num(rsStatus(rs).replicas), 0);
  const updated = newRs ? num(rsStatus(newRs).replicas) : 0;
  const ready = all.reduce((n, rs) => n + num(rsStatus(rs).readyReplicas), 0);
  const available = all.reduce((n, rs) => n + num(rsStatus(rs).availableReplicas), 0);
  const specTotal = all.reduce((n, rs) => n + num(rsSpec(rs).replicas), 0);
  const { maxUnavailable } =
    (spec.strategy as JsonObject | undefined)?.type === 'Recreate'
      ? { maxUnavailable: desired }
      : surgeAndUnavailable(spec.strategy, desired);
  const next: JsonObject = {
    observedGeneration: d.metadata.generation,
    replicas,
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: available,
  };
  if (specTotal - available > 0) next.unavailableReplicas = specTotal - available;
  let conditions = conditionsOf(old);
  const minAvailable =
    available >=
    desired - ((spec.strategy as JsonObject | undefined)?.type === 'Recreate' ? 0 : maxUnavailable);
  conditions = setCondition(
    conditions,
    minAvailable
      ? condition(
          'Available',
          'True',
          'MinimumReplicasAvailable',
          'Deployment has minimum availability.',
          now,
        )
      : condition(
          'Available',
          'False',
          'MinimumReplicasUnavailable',
          'Deployment does not have minimum availability.',
          now,
        ),
  );
  conditions = progressing(d, conditions, old, next, newRs, now, event);
  next.conditions = orderConditions(conditions);
  for (const key of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'] as const)
    if (next[key] === 0) delete next[key];
  return next;
}

function progressing(
  d: KubeObject,
  conditions: JsonObject[],
  old: JsonObject,
  next: JsonObject,
  newRs: KubeObject | undefined,
  now: number,
  event?: ProgressEvent,
): JsonObject[] {
  const spec = d.spec as JsonObject;
  const name = newRs?.metadata.name ?? d.metadata.name;
  if (spec.paused === true)
    return setCondition(
      conditions,
      condition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', now),
    );
  const current = conditions.find((c) => c.type === 'Progressing');
  if (current?.reason === 'DeploymentPaused') {
    conditions = setCondition(
      conditions,
      condition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', now),
    );
  }
  if (event)
    return replaceProgressing(conditions, condition('Progressing', 'True', event.reason, event.message, now));
  const desired = num(spec.replicas);
  const complete =
    num(next.updatedReplicas) === desired &&
    num(next.replicas) === desired &&
    num(next.availableReplicas) === desired;
  if (complete) {
    return setCondition(
      conditions,
      condition(
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "${name}" has successfully progressed.`,
        now,
      ),
    );
  }
  const oldOld = num(old.replicas) - num(old.updatedReplicas);
  const newOld = num(next.replicas) - num(next.updatedReplicas);
  const moved =
    num(next.updatedReplicas) > num(old.updatedReplicas) ||
    newOld < oldOld ||
    num(next.readyReplicas) > num(old.readyReplicas) ||
    num(next.availableReplicas) > num(old.availableReplicas);
  const cur = conditions.find((c) => c.type === 'Progressing');
  if (moved) {
    const cond = condition(
      'Progressing',
      'True',
      'ReplicaSetUpdated',
      `ReplicaSet "${name}" is progressing.`,
      now,
    );
    if (cur?.status === 'True') cond.lastTransitionTime = cur.lastTransitionTime;
    return replaceProgressing(conditions, cond);
  }
  if (
    typeof spec.progressDeadlineSeconds === 'number' &&
    cur &&
    cur.reason !== 'NewReplicaSetAvailable' &&
    cur.reason !== 'ProgressDeadlineExceeded'
  ) {
    const from = parseKubeTime(cur.lastUpdateTime) ?? now;
    if (now > from + spec.progressDeadlineSeconds * 1000) {
      return setCondition(
        conditions,
        condition(
          'Progressing',
          'False',
          'ProgressDeadlineExceeded',
          `ReplicaSet "${name}" has timed out progressing.`,
          now,
        ),
      );
    }
  }
  return conditions;
}

function replaceProgressing(conditions: JsonObject[], cond: JsonObject): JsonObject[] {
  const prev = conditions.find((c) => c.type === 'Progressing');
  if (prev && prev.status === cond.status) cond.lastTransitionTime = prev.lastTransitionTime;
  return [...conditions.filter((c) => c.type !== 'Progressing'), cond];
}

function orderConditions(conditions: JsonObject[]): JsonObject[] {
  const order = ['Available', 'Progressing', 'ReplicaFailure'];
  return [...conditions].sort((a, b) => order.indexOf(String(a.type)) - order.indexOf(String(b.type)));
}
