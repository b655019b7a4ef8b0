// Reading a Deployment, choosing its container, and changing image or replicas by
// read-modify-write with resourceVersion (a 409 re-reads and recomputes, so re-runs converge).
import { ConfigurationError } from '@deploy-actions/action-kit';
import { FIELD_MANAGER, type KubeApi } from '../client/api.js';
import { deploymentPath } from '../resources.js';
import { REVISION_ANNOTATION, type Deployment } from '../types.js';

export async function readDeployment(
  api: KubeApi,
  namespace: string,
  name: string,
): Promise<Deployment | undefined> {
  return api.readOptional<Deployment>(deploymentPath(namespace, name));
}

export async function requireDeployment(api: KubeApi, namespace: string, name: string): Promise<Deployment> {
  const deployment = await readDeployment(api, namespace, name);
  if (!deployment) {
    throw new ConfigurationError(
      `deployment "${name}" not found in namespace "${namespace}" (create it first, or pass manifests that define it)`,
    );
  }
  return deployment;
}

/** The revision number the Deployment controller last recorded, or undefined before its first sync. */
export function deploymentRevision(deployment: Deployment): number | undefined {
  const raw = deployment.metadata.annotations?.[REVISION_ANNOTATION];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) ? n : undefined;
}

export function containerNames(deployment: Deployment): string[] {
  return (deployment.spec?.template?.spec?.containers ?? []).map((c) => c.name);
}

/** The container to update: the one named, else the only one. */
export function pickContainer(deployment: Deployment, requested: string | undefined): string {
  const names = containerNames(deployment);
  const name = deployment.metadata.name;
  if (requested !== undefined) {
    if (names.includes(requested)) return requested;
    throw new ConfigurationError(
      `container "${requested}" not found in deployment "${name}"; its containers are: ${names.join(', ') || 'none'}`,
    );
  }
  if (names.length === 1) return names[0]!;
  throw new ConfigurationError(
    `deployment "${name}" has ${names.length} containers (${names.join(', ')}): set the container input to one of them`,
  );
}

export function containerImage(deployment: Deployment, container: string): string | undefined {
  return deployment.spec?.template?.spec?.containers?.find((c) => c.name === container)?.image;
}

export interface SetImageResult {
  deployment: Deployment;
  changed: boolean;
}

/** Sets one container's image; a no-op (no write) when it already runs that image. */
export function setImage(
  api: KubeApi,
  namespace: string,
  name: string,
  container: string,
  image: string,
): Promise<SetImageResult> {
  return api.write(`set image of deployment ${name}`, async () => {
    const current = await api.request<Deployment>('GET', deploymentPath(namespace, name));
    pickContainer(current, container);
    if (containerImage(current, container) === image) return { deployment: current, changed: false };
    const next = structuredClone(current);
    for (const c of next.spec!.template!.spec!.containers!) if (c.name === container) c.image = image;
    const deployment = await api.request<Deployment>('PUT', deploymentPath(namespace, name), {
      body: next,
      query: { fieldManager: FIELD_MANAGER },
    });
    return { deployment, changed: true };
  });
}

/** Sets spec.replicas (idempotent). */
export function scaleDeployment(
  api: KubeApi,
  namespace: string,
  name: string,
  replicas: number,
): Promise<Deployment> {
  return api.write(`scale deployment ${name}`, async () => {
    const current = await api.request<Deployment>('GET', deploymentPath(namespace, name));
    if (current.spec?.replicas === replicas) return current;
    const next = structuredClone(current);
    next.spec = { ...next.spec, replicas };
    return api.request<Deployment>('PUT', deploymentPath(namespace, name), {
      body: next,
      query: { fieldManager: FIELD_MANAGER },
    });
  });
}
