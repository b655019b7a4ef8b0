// API paths of the resources this package touches, and discovery of any other kind a manifest holds.
import type { KubeApi } from './client/api.js';
import { ConfigurationError } from '@deploy-actions/action-kit';

const seg = (s: string) => encodeURIComponent(s);

export function deploymentPath(namespace: string, name?: string): string {
  return `/apis/apps/v1/namespaces/${seg(namespace)}/deployments${name ? `/${seg(name)}` : ''}`;
}
export function replicaSetsPath(namespace: string): string {
  return `/apis/apps/v1/namespaces/${seg(namespace)}/replicasets`;
}
export function podsPath(namespace: string): string {
  return `/api/v1/namespaces/${seg(namespace)}/pods`;
}
export function eventsPath(namespace: string): string {
  return `/api/v1/namespaces/${seg(namespace)}/events`;
}
export function leasePath(namespace: string, name?: string): string {
  return `/apis/coordination.k8s.io/v1/namespaces/${seg(namespace)}/leases${name ? `/${seg(name)}` : ''}`;
}

export interface ResourceInfo {
  plural: string;
  namespaced: boolean;
}

const KNOWN: Record<string, ResourceInfo> = {
  'v1/Namespace': { plural: 'namespaces', namespaced: false },
  'v1/Service': { plural: 'services', namespaced: true },
  'v1/ConfigMap': { plural: 'configmaps', namespaced: true },
  'v1/Secret': { plural: 'secrets', namespaced: true },
  'v1/Pod': { plural: 'pods', namespaced: true },
  'v1/ServiceAccount': { plural: 'serviceaccounts', namespaced: true },
  'v1/Endpoints': { plural: 'endpoints', namespaced: true },
  'apps/v1/Deployment': { plural: 'deployments', namespaced: true },
  'apps/v1/ReplicaSet': { plural: 'replicasets', namespaced: true },
  'apps/v1/StatefulSet': { plural: 'statefulsets', namespaced: true },
  'apps/v1/DaemonSet': { plural: 'daemonsets', namespaced: true },
  'networking.k8s.io/v1/Ingress': { plural: 'ingresses', namespaced: true },
  'coordination.k8s.io/v1/Lease': { plural: 'leases', namespaced: true },
};

/** Finds plural name and scope of a kind: a built-in table first, then API discovery (cached). */
export class Discovery {
  private readonly cache = new Map<
    string,
    Promise<Array<{ name: string; kind: string; namespaced: boolean }>>
  >();

  constructor(private readonly api: KubeApi) {}

  async resolve(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const known = KNOWN[`${apiVersion}/${kind}`];
    if (known) return known;
    const resources = await this.groupVersion(apiVersion);
    const match = resources.find((r) => r.kind === kind && !r.name.includes('/'));
    if (!match) throw new ConfigurationError(`the cluster does not serve kind ${kind} in ${apiVersion}`);
    return { plural: match.name, namespaced: match.namespaced };
  }

  private groupVersion(apiVersion: string) {
    let entry = this.cache.get(apiVersion);
    if (!entry) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      entry = this.api
        .read<{ resources?: Array<{ name: string; kind: string; namespaced: boolean }> }>(path)
        .then((list) => list.resources ?? []);
      entry.catch(() => this.cache.delete(apiVersion));
      this.cache.set(apiVersion, entry);
    }
    return entry;
  }
}

export function objectPath(
  apiVersion: string,
  info: ResourceInfo,
  namespace: string | undefined,
  name?: string,
): string {
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const scope = info.namespaced ? `/namespaces/${seg(namespace ?? 'default')}` : '';
  return `${base}${scope}/${info.plural}${name ? `/${seg(name)}` : ''}`;
}

/** A label selector as the `labelSelector` query parameter. */
export function selectorString(
  selector:
    | {
        matchLabels?: Record<string, string>;
        matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
      }
    | undefined,
): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector?.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}
