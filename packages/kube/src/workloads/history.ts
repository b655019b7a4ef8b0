// Revision history of a Deployment, read from the ReplicaSets it controls, the way
// `kubectl rollout history` does (`deployment.kubernetes.io/revision` on each ReplicaSet).
import type { KubeApi } from '../client/api.js';
import { replicaSetsPath, selectorString } from '../resources.js';
import { REVISION_ANNOTATION, type Deployment, type ReplicaSet } from '../types.js';

export interface RevisionInfo {
  revision: number;
  replicaSet: string;
  images: string[];
  changeCause?: string;
  replicas: number;
  readyReplicas: number;
  createdAt?: string;
}

/** ReplicaSets whose controller is this Deployment (by ownerReference uid). */
export async function ownedReplicaSets(api: KubeApi, deployment: Deployment): Promise<ReplicaSet[]> {
  const namespace = deployment.metadata.namespace ?? 'default';
  const list = await api.list<ReplicaSet>(replicaSetsPath(namespace), {
    labelSelector: selectorString(deployment.spec?.selector) || undefined,
  });
  return list.items.filter((rs) => isControlledBy(rs, deployment));
}

export function isControlledBy(rs: ReplicaSet, deployment: Deployment): boolean {
  return (rs.metadata.ownerReferences ?? []).some((o) => o.controller && o.uid === deployment.metadata.uid);
}

export function replicaSetRevision(rs: ReplicaSet): number | undefined {
  const raw = rs.metadata.annotations?.[REVISION_ANNOTATION];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) ? n : undefined;
}

export function revisionsOf(replicaSets: ReplicaSet[]): RevisionInfo[] {
  const out: RevisionInfo[] = [];
  for (const rs of replicaSets) {
    const revision = replicaSetRevision(rs);
    if (revision === undefined) continue;
    out.push({
      revision,
      replicaSet: rs.metadata.name ?? '',
      images: (rs.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ''),
      changeCause: rs.metadata.annotations?.['kubernetes.io/change-cause'],
      replicas: rs.status?.replicas ?? 0,
      readyReplicas: rs.status?.readyReplicas ?? 0,
      createdAt: rs.metadata.creationTimestamp,
    });
  }
  return out.sort((a, b) => a.revision - b.revision);
}

export async function rolloutHistory(api: KubeApi, deployment: Deployment): Promise<RevisionInfo[]> {
  return revisionsOf(await ownedReplicaSets(api, deployment));
}
