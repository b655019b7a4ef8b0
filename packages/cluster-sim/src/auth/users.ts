// Who a bearer token is and what it may do: admin tokens may do everything; limited users carry
// RBAC-like allow/deny rules, so tests can see the real `403 Forbidden` a missing Role gives.
import { randomBytes } from 'node:crypto';
import type { ApiVerb } from '../faults/fault-rules.js';

export interface AccessRule {
  /** Verbs (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`) or `*`. */
  verbs: Array<ApiVerb | '*'>;
  /** Plural resources, with subresources as `deployments/scale`, or `*`. */
  resources: string[];
  /** API groups (`''` for core, `apps`, ...); any when omitted. */
  groups?: string[];
  /** Namespaces; any when omitted. */
  namespaces?: string[];
}

export interface SimUser {
  /** Bearer token (random when omitted). */
  token?: string;
  /** User name shown in Forbidden messages. */
  user?: string;
  /** When given, only what these rules allow is allowed. */
  allow?: AccessRule[];
  /** What these rules match is forbidden (applied after `allow`). */
  deny?: AccessRule[];
}

export interface Identity {
  user: string;
  allow?: AccessRule[];
  deny?: AccessRule[];
}

export interface AccessRequest {
  verb: ApiVerb;
  /** `deployments` or `deployments/scale`. */
  resource: string;
  group: string;
  namespace?: string;
}

function matches(rule: AccessRule, r: AccessRequest): boolean {
  const any = <T>(list: T[] | undefined, value: T) =>
    !list || list.includes('*' as T) || list.includes(value);
  return (
    any(rule.verbs, r.verb) &&
    any(rule.resources, r.resource) &&
    any(rule.groups, r.group) &&
    (!rule.namespaces || (r.namespace !== undefined && rule.namespaces.includes(r.namespace)))
  );
}

export function isAllowed(identity: Identity, r: AccessRequest): boolean {
  if (identity.allow && !identity.allow.some((rule) => matches(rule, r))) return false;
  return !(identity.deny ?? []).some((rule) => matches(rule, r));
}

export class Users {
  private readonly byToken = new Map<string, Identity>();

  constructor(adminTokens: string[]) {
    for (const token of adminTokens) this.byToken.set(token, { user: 'cluster-admin' });
  }

  add(user: SimUser): { token: string; identity: Identity } {
    const token = user.token ?? randomBytes(24).toString('base64url');
    const identity: Identity = {
      user: user.user ?? 'system:serviceaccount:default:limited',
      allow: user.allow,
      deny: user.deny,
    };
    this.byToken.set(token, identity);
    return { token, identity };
  }

  remove(token: string): boolean {
    return this.byToken.delete(token);
  }

  identify(authorization: string | undefined): Identity | undefined {
    const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    return match ? this.byToken.get(match[1]!.trim()) : undefined;
  }
}
