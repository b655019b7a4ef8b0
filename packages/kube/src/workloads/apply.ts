// Server-side apply of manifests with the field manager `deploy-actions`: creates what is absent,
// updates what we own, and takes over fields (force) the way `kubectl apply --server-side --force-conflicts` does.
import { FIELD_MANAGER, type KubeApi } from '../client/api.js';
import { Discovery, objectPath } from '../resources.js';
import type { KubeObject } from '../types.js';

export interface AppliedObject {
  kind: string;
  name: string;
  namespace?: string;
  resourceVersion?: string;
}

/** Namespaces first, so objects inside a new namespace can be applied in the same run. */
const ORDER = ['Namespace', 'ServiceAccount', 'Secret', 'ConfigMap', 'Service'];

export async function applyManifests(
  api: KubeApi,
  objects: KubeObject[],
  defaultNamespace: string,
): Promise<AppliedObject[]> {
  const discovery = new Discovery(api);
  const rank = (o: KubeObject) => {
    const i = ORDER.indexOf(o.kind ?? '');
    return i < 0 ? ORDER.length : i;
  };
  const sorted = [...objects].sort((a, b) => rank(a) - rank(b));
  const applied: AppliedObject[] = [];
  for (const object of sorted) applied.push(await applyObject(api, discovery, object, defaultNamespace));
  return applied;
}

export async function applyObject(
  api: KubeApi,
  discovery: Discovery,
  object: KubeObject,
  defaultNamespace: string,
): Promise<AppliedObject> {
  const apiVersion = object.apiVersion!;
  const kind = object.kind!;
  const info = await discovery.resolve(apiVersion, kind);
  const namespace = info.namespaced ? (object.metadata?.namespace ?? defaultNamespace) : undefined;
  const body: KubeObject = {
    ...object,
    metadata: { ...object.metadata, ...(namespace ? { namespace } : {}) },
  };
  const name = object.metadata!.name!;
  const result = await api.write(`apply ${kind} ${name}`, () =>
    api.request<KubeObject>('PATCH', objectPath(apiVersion, info, namespace, name), {
      body,
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: FIELD_MANAGER, force: true },
    }),
  );
  return { kind, name, namespace, resourceVersion: result.metadata?.resourceVersion };
}
