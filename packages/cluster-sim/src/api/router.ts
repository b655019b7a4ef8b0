// Parses Kubernetes API paths (`/apis/apps/v1/namespaces/ns/deployments/name/scale`) into a request target.
import { findResource, type ResourceType } from './resources.js';
import { ApiError } from './status.js';

export interface ResourceTarget {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The deprecated `/watch/` path prefix was used. */
  legacyWatch: boolean;
}

export type ParsedPath =
  | { kind: 'resource'; target: ResourceTarget }
  | { kind: 'group-version'; group: string; version: string }
  | { kind: 'root-api' }
  | { kind: 'root-apis' };

function notFound(path: string): ApiError {
  return new ApiError(404, 'NotFound', `the server could not find the requested resource (${path})`);
}

export function parseApiPath(path: string): ParsedPath | undefined {
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  if (parts[0] === 'api') {
    if (parts.length === 1) return { kind: 'root-api' };
    return parseGroupVersion(path, '', parts[1]!, parts.slice(2));
  }
  if (parts[0] === 'apis') {
    if (parts.length === 1) return { kind: 'root-apis' };
    if (parts.length === 2) throw notFound(path);
    return parseGroupVersion(path, parts[1]!, parts[2]!, parts.slice(3));
  }
  return undefined;
}

function parseGroupVersion(path: string, group: string, version: string, rest: string[]): ParsedPath {
  if (rest.length === 0) return { kind: 'group-version', group, version };
  let legacyWatch = false;
  if (rest[0] === 'watch') {
    legacyWatch = true;
    rest = rest.slice(1);
  }
  // /namespaces/<ns>/<resource>/... addresses a namespaced resource; /namespaces/<name>[/status] is a Namespace.
  if (
    group === '' &&
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    !['status', 'finalize'].includes(rest[2]!)
  ) {
    const type = findResource(group, version, rest[2]!);
    if (!type || !type.namespaced) throw notFound(path);
    return target(path, type, rest[1], rest[3], rest[4], legacyWatch, rest.length);
  }
  if (group !== '' && rest[0] === 'namespaces' && rest.length >= 3) {
    const type = findResource(group, version, rest[2]!);
    if (!type || !type.namespaced) throw notFound(path);
    return target(path, type, rest[1], rest[3], rest[4], legacyWatch, rest.length);
  }
  const type = findResource(group, version, rest[0]!);
  if (!type) throw notFound(path);
  if (type.namespaced && rest.length > 1) throw notFound(path);
  return target(path, type, undefined, rest[1], rest[2], legacyWatch, rest.length + 2);
}

function target(
  path: string,
  type: ResourceType,
  namespace: string | undefined,
  name: string | undefined,
  subresource: string | undefined,
  legacyWatch: boolean,
  segments: number,
): ParsedPath {
  if (segments > 5) throw notFound(path);
  if (subresource !== undefined && !type.subresources.includes(subresource)) throw notFound(path);
  return { kind: 'resource', target: { type, namespace, name, subresource, legacyWatch } };
}
