// Object builders for the unit tests: just the fields the code under test reads.
import type { Deployment, Pod, PodTemplateSpec, ReplicaSet } from '../src/index.js';

export function template(image: string, extra: Partial<PodTemplateSpec['metadata']> = {}): PodTemplateSpec {
  return { metadata: { labels: { app: 'web' }, ...extra }, spec: { containers: [{ name: 'app', image }] } };
}

export function deployment(over: Partial<Deployment> & { image?: string } = {}): Deployment {
  const { image = 'web:2', ...rest } = over;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'prod',
      uid: 'dep-uid',
      generation: 2,
      annotations: { 'deployment.kubernetes.io/revision': '2' },
    },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: template(image) },
    status: {
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    },
    ...rest,
  };
}

export function replicaSet(
  name: string,
  revision: number,
  image: string,
  annotations: Record<string, string> = {},
): ReplicaSet {
  const hash = name.split('-').pop()!;
  return {
    metadata: {
      name,
      uid: `${name}-uid`,
      labels: { app: 'web', 'pod-template-hash': hash },
      annotations: { 'deployment.kubernetes.io/revision': String(revision), ...annotations },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'dep-uid', controller: true },
      ],
    },
    spec: { replicas: 0, template: template(image, { labels: { app: 'web', 'pod-template-hash': hash } }) },
  };
}

export function pod(name: string, rs: ReplicaSet, status: Pod['status']): Pod {
  return {
    metadata: {
      name,
      labels: { ...rs.metadata.labels },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: rs.metadata.name!,
          uid: rs.metadata.uid!,
          controller: true,
        },
      ],
    },
    status,
  };
}
