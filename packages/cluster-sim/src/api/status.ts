// Kubernetes `Status` errors: every failure the API answers is a real metav1.Status with reason and code.

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'NotAcceptable'
  | 'Unauthorized'
  | 'Forbidden'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Expired'
  | 'Gone'
  | 'Timeout'
  | 'TooManyRequests';

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: Array<{ reason?: string; message: string; field?: string }>;
  retryAfterSeconds?: number;
}

export interface StatusObject {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** Thrown anywhere in request handling; the server turns it into a Status response. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): StatusObject {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** `deployments.apps` or `pods` — the way the real server names a resource in messages. */
export function qualifiedResource(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

export const errors = {
  notFound: (resource: string, group: string, name: string) =>
    new ApiError(404, 'NotFound', `${qualifiedResource(resource, group)} "${name}" not found`, {
      name,
      group,
      kind: resource,
    }),
  alreadyExists: (resource: string, group: string, name: string) =>
    new ApiError(409, 'AlreadyExists', `${qualifiedResource(resource, group)} "${name}" already exists`, {
      name,
      group,
      kind: resource,
    }),
  conflict: (
    resource: string,
    group: string,
    name: string,
    why = 'the object has been modified; please apply your changes to the latest version and try again',
  ) =>
    new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(resource, group)} "${name}": ${why}`,
      {
        name,
        group,
        kind: resource,
      },
    ),
  invalid: (kind: string, group: string, name: string, causes: Array<{ field: string; message: string }>) =>
    new ApiError(
      422,
      'Invalid',
      `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
      {
        name,
        group,
        kind,
        causes: causes.map((c) => ({ reason: 'FieldValueInvalid', message: c.message, field: c.field })),
      },
    ),
  badRequest: (message: string) => new ApiError(400, 'BadRequest', message),
  methodNotAllowed: (message = 'the server does not allow this method on the requested resource') =>
    new ApiError(405, 'MethodNotAllowed', message),
  unsupportedMediaType: (type: string) =>
    new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${type})`,
    ),
  unauthorized: () => new ApiError(401, 'Unauthorized', 'Unauthorized'),
  /** The RBAC authorizer's wording, e.g. `deployments.apps "web" is forbidden: User "x" cannot update resource "deployments" in API group "apps" in the namespace "prod"`. */
  forbidden: (
    user: string,
    verb: string,
    resource: string,
    group: string,
    namespace: string | undefined,
    name: string | undefined,
  ) => {
    const base = resource.split('/')[0]!;
    const where = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
    return new ApiError(
      403,
      'Forbidden',
      `${qualifiedResource(base, group)}${name ? ` "${name}"` : ''} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${group}" ${where}`,
      { ...(name ? { name } : {}), group, kind: base },
    );
  },
  expired: (message: string) => new ApiError(410, 'Expired', message),
  internal: (message: string) => new ApiError(500, 'InternalError', message),
  unavailable: (message: string) => new ApiError(503, 'ServiceUnavailable', message),
};
