// The API server: bearer-token auth, discovery, OpenAPI, resource verbs, faults; other routes
// (`/sim/...`, `/metrics`) are delegated to the simulator's extra handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAllowed, type Users } from '../auth/users.js';
import type { FaultInjector } from '../faults/fault-rules.js';
import type { ApiVerb } from '../faults/fault-rules.js';
import type { ApiContext, ResourceRequest } from './context.js';
import { apiGroupList, coreVersions, resourceList, versionInfo } from './discovery.js';
import { handleResource } from './handlers.js';
import { readBody, sendJson, sendStatus, toApiError } from './http-util.js';
import { openApiGroupVersion, openApiRoot } from './openapi.js';
import { parseApiPath } from './router.js';
import { ApiError, errors } from './status.js';

export interface ApiServerDeps {
  ctx: ApiContext;
  users: Users;
  faults: FaultInjector;
  serverAddress: string;
  /** Handles non-API routes; returns false when the path is not its own. */
  extra: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
}

function verbOf(method: string, hasName: boolean, watch: boolean): ApiVerb {
  if (method === 'GET') return watch ? 'watch' : hasName ? 'get' : 'list';
  if (method === 'POST') return 'create';
  if (method === 'PUT') return 'update';
  if (method === 'PATCH') return 'patch';
  return hasName ? 'delete' : 'deletecollection';
}

export function createApiHandler(deps: ApiServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((err) => sendStatus(res, toApiError(err)));
  };
}

async function handle(deps: ApiServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (deps.faults.unreachable) {
    req.socket.destroy();
    return;
  }
  const url = new URL(req.url ?? '/', 'https://sim.local');
  if (['/healthz', '/livez', '/readyz'].includes(url.pathname)) {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    return void res.end('ok');
  }
  if (await deps.extra(req, res, url)) return;
  const identity = deps.users.identify(req.headers.authorization);
  if (!identity) throw errors.unauthorized();
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (path === '/version') return sendJson(res, 200, versionInfo());
  if (path === '/openapi/v3') return sendJson(res, 200, openApiRoot());
  if (path.startsWith('/openapi/v3/')) {
    const doc = openApiGroupVersion(path.slice('/openapi/v3/'.length));
    if (!doc) throw new ApiError(404, 'NotFound', `the server could not find the requested resource`);
    return sendJson(res, 200, doc);
  }
  const parsed = parseApiPath(path);
  if (!parsed) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  if (parsed.kind === 'root-api') return sendJson(res, 200, coreVersions(deps.serverAddress));
  if (parsed.kind === 'root-apis') return sendJson(res, 200, apiGroupList());
  if (parsed.kind === 'group-version') {
    const list = resourceList(parsed.group, parsed.version);
    if (!list) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    return sendJson(res, 200, list);
  }
  const target = parsed.target;
  const watch =
    target.legacyWatch || url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
  const verb = verbOf(req.method ?? 'GET', target.name !== undefined, watch);
  const resource = target.subresource
    ? `${target.type.resource}/${target.subresource}`
    : target.type.resource;
  if (!isAllowed(identity, { verb, resource, group: target.type.group, namespace: target.namespace })) {
    req.resume();
    throw errors.forbidden(identity.user, verb, resource, target.type.group, target.namespace, target.name);
  }
  const decision = deps.faults.decide(verb, target.type.resource, target.namespace);
  const body = await readBody(req);
  if (decision.latencyMs > 0) await deps.ctx.clock.sleep(decision.latencyMs);
  if (decision.error) throw decision.error;
  const request: ResourceRequest = {
    method: req.method ?? 'GET',
    target,
    query: url.searchParams,
    headers: req.headers,
    body,
  };
  await handleResource(deps.ctx, request, res);
}
