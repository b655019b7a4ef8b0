// The resource types the simulated API serves: the registry behind routing, discovery and OpenAPI.

export interface ResourceType {
  group: string;
  version: string;
  /** Plural, lower case: the URL segment. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  subresources: string[];
  /** metadata.generation is bumped on spec changes (types with a spec/status split). */
  hasGeneration: boolean;
  /** Custom resources: the real server refuses strategic merge patch for them (415). */
  custom: boolean;
}

const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function rt(
  partial: Partial<ResourceType> & Pick<ResourceType, 'group' | 'version' | 'resource' | 'kind'>,
): ResourceType {
  return {
    singular: partial.kind.toLowerCase(),
    namespaced: true,
    subresources: [],
    hasGeneration: false,
    custom: false,
    ...partial,
  };
}

export const resourceTypes: ResourceType[] = [
  rt({
    group: '',
    version: 'v1',
    resource: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    subresources: ['status'],
  }),
  rt({
    group: '',
    version: 'v1',
    resource: 'nodes',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    subresources: ['status'],
  }),
  rt({
    group: '',
    version: 'v1',
    resource: 'pods',
    kind: 'Pod',
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status', 'log'],
  }),
  rt({
    group: '',
    version: 'v1',
    resource: 'services',
    kind: 'Service',
    shortNames: ['svc'],
    categories: ['all'],
    subresources: ['status'],
  }),
  rt({
    group: '',
    version: 'v1',
    resource: 'endpoints',
    kind: 'Endpoints',
    singular: 'endpoints',
    shortNames: ['ep'],
  }),
  rt({ group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', shortNames: ['cm'] }),
  rt({ group: '', version: 'v1', resource: 'secrets', kind: 'Secret' }),
  rt({ group: '', version: 'v1', resource: 'events', kind: 'Event', shortNames: ['ev'] }),
  rt({ group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', shortNames: ['sa'] }),
  rt({
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    kind: 'Deployment',
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    hasGeneration: true,
  }),
  rt({
    group: 'apps',
    version: 'v1',
    resource: 'replicasets',
    kind: 'ReplicaSet',
    shortNames: ['rs'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    hasGeneration: true,
  }),
  rt({
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'ingresses',
    kind: 'Ingress',
    shortNames: ['ing'],
    subresources: ['status'],
    hasGeneration: true,
  }),
  rt({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease' }),
  rt({
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    resource: 'httproutes',
    kind: 'HTTPRoute',
    categories: ['gateway-api'],
    subresources: ['status'],
    hasGeneration: true,
    custom: true,
  }),
  rt({
    group: 'networking.istio.io',
    version: 'v1',
    resource: 'virtualservices',
    kind: 'VirtualService',
    shortNames: ['vs'],
    categories: ['istio-io', 'networking-istio-io'],
    subresources: ['status'],
    hasGeneration: true,
    custom: true,
  }),
];

export const resourceVerbs = verbs;

export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** Key used by the store: `apps/deployments`, `/pods`. */
export function typeKey(type: Pick<ResourceType, 'group' | 'resource'>): string {
  return `${type.group}/${type.resource}`;
}

export function findResource(group: string, version: string, resource: string): ResourceType | undefined {
  return resourceTypes.find((t) => t.group === group && t.version === version && t.resource === resource);
}

export function findKind(apiVersion: string, kind: string): ResourceType | undefined {
  return resourceTypes.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
}

export function resourceByName(resource: string, group = ''): ResourceType {
  const type = resourceTypes.find((t) => t.resource === resource && t.group === group);
  if (!type) throw new Error(`unknown resource ${resource} in group '${group}'`);
  return type;
}

/** Groups with their versions, in the order the discovery documents list them. */
export function apiGroups(): Array<{ name: string; versions: string[] }> {
  const groups = new Map<string, Set<string>>();
  for (const t of resourceTypes) {
    if (!t.group) continue;
    if (!groups.has(t.group)) groups.set(t.group, new Set());
    groups.get(t.group)!.add(t.version);
  }
  return [...groups].map(([name, versions]) => ({ name, versions: [...versions] }));
}
