// `kubectl rollout undo`, step for step: pick the ReplicaSet of the wanted revision (or the one
// before the latest), skip when the Deployment already runs that template, else copy its pod
// template (minus the pod-template-hash label) into the Deployment and carry its annotations over.
import { ConfigurationError } from '@deploy-actions/action-kit';
import { FIELD_MANAGER, type KubeApi } from '../client/api.js';
import { deploymentPath } from '../resources.js';
import {
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  type Deployment,
  type PodTemplateSpec,
  type ReplicaSet,
} from '../types.js';
import { ownedReplicaSets, replicaSetRevision } from './history.js';
import { semanticEqual } from './semantic-equal.js';

/** Annotations kubectl keeps from the Deployment instead of copying them from the ReplicaSet. */
export const ANNOTATIONS_TO_SKIP = [
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
];

export type UndoPlan =
  | { action: 'skip'; revision: number; replicaSet: string }
  | {
      action: 'rollback';
      revision: number;
      replicaSet: string;
      template: PodTemplateSpec;
      annotations: Record<string, string>;
    };

/** Chooses the ReplicaSet to roll back to. `toRevision` 0 means the previous revision. */
export function chooseReplicaSet(
  deploymentName: string,
  replicaSets: ReplicaSet[],
  toRevision = 0,
): ReplicaSet {
  let latest: ReplicaSet | undefined;
  let latestRevision = -1;
  let previous: ReplicaSet | undefined;
  let previousRevision = -1;
  for (const rs of replicaSets) {
    const v = replicaSetRevision(rs);
    if (v === undefined) continue;
    if (toRevision > 0) {
      if (v === toRevision) return rs;
      continue;
    }
    if (latestRevision < v) {
      previousRevision = latestRevision;
      previous = latest;
      latestRevision = v;
      latest = rs;
    } else if (previousRevision < v) {
      previousRevision = v;
      previous = rs;
    }
  }
  if (toRevision > 0)
    throw new ConfigurationError(
      `unable to find specified revision ${toRevision} in history of deployment "${deploymentName}"`,
    );
  if (!previous)
    throw new ConfigurationError(
      `no rollout history found for deployment "${deploymentName}": there is no previous revision to undo to`,
    );
  return previous;
}

/**
 * Where to go back to: a revision number (0 or absent: the previous one), or a ReplicaSet by name —
 * stable across the renumbering a rollback causes, so a retried or re-run undo converges.
 */
export interface UndoTarget {
  toRevision?: number;
  replicaSet?: string;
}

/** What `kubectl rollout undo` would change, computed from the objects alone. */
export function planUndo(
  deployment: Deployment,
  replicaSets: ReplicaSet[],
  target: UndoTarget = {},
): UndoPlan {
  const name = deployment.metadata.name ?? '';
  if (deployment.spec?.paused) {
    throw new ConfigurationError(
      `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${name}' and try again`,
    );
  }
  const rs = target.replicaSet
    ? byName(replicaSets, target.replicaSet)
    : chooseReplicaSet(name, replicaSets, target.toRevision ?? 0);
  const revision = replicaSetRevision(rs)!;
  const replicaSet = rs.metadata.name ?? '';
  if (equalIgnoreHash(rs.spec?.template, deployment.spec?.template))
    return { action: 'skip', revision, replicaSet };
  const template = withoutHashLabel(rs.spec?.template ?? {});
  const annotations: Record<string, string> = {};
  const current = deployment.metadata.annotations ?? {};
  for (const key of ANNOTATIONS_TO_SKIP) if (key in current) annotations[key] = current[key]!;
  for (const [key, value] of Object.entries(rs.metadata.annotations ?? {})) {
    if (!ANNOTATIONS_TO_SKIP.includes(key)) annotations[key] = value;
  }
  return { action: 'rollback', revision, replicaSet, template, annotations };
}

function byName(replicaSets: ReplicaSet[], name: string): ReplicaSet {
  const rs = replicaSets.find((r) => r.metadata.name === name && replicaSetRevision(r) !== undefined);
  if (!rs)
    throw new ConfigurationError(
      `replica set "${name}" is no longer in the history (revisionHistoryLimit may have pruned it)`,
    );
  return rs;
}

export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return semanticEqual(withoutHashLabel(a ?? {}), withoutHashLabel(b ?? {}));
}

function withoutHashLabel(template: PodTemplateSpec): PodTemplateSpec {
  const copy = structuredClone(template);
  if (copy.metadata?.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  return copy;
}

/** Applies the plan to a Deployment object (the body of the update). */
export function applyUndoPlan(
  deployment: Deployment,
  plan: Extract<UndoPlan, { action: 'rollback' }>,
): Deployment {
  const next = structuredClone(deployment);
  next.spec = { ...next.spec, template: structuredClone(plan.template) };
  next.metadata.annotations = { ...plan.annotations };
  return next;
}

/**
 * Rolls the Deployment back. Each attempt re-reads the Deployment and its ReplicaSets, so a 409 or
 * a re-run recomputes the same plan; once the template matches, it reports `skip`.
 */
export function undoRollout(
  api: KubeApi,
  deployment: Deployment,
  target: UndoTarget = {},
): Promise<UndoPlan> {
  const namespace = deployment.metadata.namespace ?? 'default';
  const name = deployment.metadata.name ?? '';
  return api.write(`undo deployment ${name}`, async () => {
    const current = await api.request<Deployment>('GET', deploymentPath(namespace, name));
    const plan = planUndo(current, await ownedReplicaSets(api, current), target);
    if (plan.action === 'skip') return plan;
    await api.request('PUT', deploymentPath(namespace, name), {
      body: applyUndoPlan(current, plan),
      query: { fieldManager: FIELD_MANAGER },
    });
    return plan;
  });
}
