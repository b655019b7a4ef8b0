// Just enough /openapi/v3 for kubectl: every PATCH operation declares the `fieldValidation` query
// parameter and its group-version-kind, so kubectl leaves validation to the server (it sends
// `fieldValidation=Strict`) instead of validating client-side against full schemas. PATCH operations
// list no request body types, so `kubectl apply` computes its patches from its built-in types.
import { apiVersionOf, resourceTypes, type ResourceType } from './resources.js';

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

export function openApiRoot(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const t of resourceTypes) {
    const key = gvPath(t.group, t.version);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=sim${t.version}` };
  }
  return { paths };
}

function operation(t: ResourceType, verb: string): Record<string, unknown> {
  return {
    operationId: `${verb}${t.kind}`,
    'x-kubernetes-action': verb,
    'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
    parameters: [
      { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
    ],
    responses: { '200': { description: 'OK' } },
  };
}

export function openApiGroupVersion(path: string): Record<string, unknown> | undefined {
  const types = resourceTypes.filter((t) => gvPath(t.group, t.version) === path);
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const t of types) {
    const base = `/${path}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.resource}`;
    paths[`${base}/{name}`] = {
      get: operation(t, 'get'),
      put: operation(t, 'put'),
      patch: operation(t, 'patch'),
      delete: operation(t, 'delete'),
    };
    paths[base] = { get: operation(t, 'list'), post: operation(t, 'post') };
    schemas[`sim.${apiVersionOf(t)}.${t.kind}`] = {
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group: t.group, version: t.version, kind: t.kind }],
      'x-kubernetes-preserve-unknown-fields': true,
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes (cluster simulator)', version: 'v1.31.0' },
    paths,
    components: { schemas },
  };
}
