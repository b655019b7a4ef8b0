// The verbs on a resource path: get, list, create, update, delete, deletecollection (patch and watch live beside).
import type { ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { DeleteOptions } from '../store/registry.js';
import { parseFieldSelector, parseLabelSelector } from '../store/selectors.js';
import { isPlainObject, type JsonObject, type KubeObject } from '../types.js';
import {
  fieldManager,
  isDryRun,
  warningHeaders,
  writeOptions,
  type ApiContext,
  type ResourceRequest,
} from './context.js';
import { parseJsonBody, sendJson } from './http-util.js';
import { handlePatch } from './patch-handler.js';
import { handlePodLog } from './pod-log.js';
import { apiVersionOf } from './resources.js';
import { ApiError, errors } from './status.js';
import { getScale, updateScale } from './scale.js';
import { toTable, wantsTable } from './table.js';
import { handleWatch } from './watch.js';

function isWatch(req: ResourceRequest): boolean {
  const w = req.query.get('watch');
  return req.target.legacyWatch || w === 'true' || w === '1';
}

export async function handleResource(
  ctx: ApiContext,
  req: ResourceRequest,
  res: ServerResponse,
): Promise<void> {
  const { target } = req;
  const hasName = target.name !== undefined;
  if (target.subresource === 'log' && req.method !== 'GET') throw errors.methodNotAllowed();
  const accept = String(req.headers.accept ?? '');
  if (accept && !/json|\*\/\*|text\/plain/.test(accept)) {
    throw new ApiError(
      406,
      'NotAcceptable',
      `only the following media types are accepted: application/json, application/yaml (asked for ${accept})`,
    );
  }
  switch (req.method) {
    case 'GET':
      if (isWatch(req)) return handleWatch(ctx, req, res);
      if (!hasName) return handleList(ctx, req, res);
      if (target.subresource === 'scale') return sendJson(res, 200, getScale(ctx, target));
      if (target.subresource === 'log') return handlePodLog(ctx, req, res);
      return sendObject(ctx, req, res, 200, peekOrNotFound(ctx, req));
    case 'POST':
      if (hasName) throw errors.methodNotAllowed();
      return handleCreate(ctx, req, res);
    case 'PUT':
      if (!hasName) throw errors.methodNotAllowed();
      if (target.subresource === 'scale')
        return sendJson(res, 200, updateScale(ctx, target, bodyObject(req), fieldManager(req)));
      return handleUpdate(ctx, req, res);
    case 'PATCH':
      if (!hasName) throw errors.methodNotAllowed();
      return handlePatch(ctx, req, res);
    case 'DELETE':
      return hasName ? handleDelete(ctx, req, res) : handleDeleteCollection(ctx, req, res);
    default:
      throw errors.methodNotAllowed();
  }
}

/** Bodies may be JSON or YAML (as the real server accepts); protobuf and others get 415. */
function parseBody(req: ResourceRequest): unknown {
  const type = String(req.headers['content-type'] ?? 'application/json')
    .split(';')[0]!
    .trim();
  if (type === 'application/yaml' || type === 'application/x-yaml') {
    try {
      return parseYaml(req.body.toString('utf8'));
    } catch (err) {
      throw errors.badRequest(
        `the body of the request could not be decoded as YAML: ${(err as Error).message}`,
      );
    }
  }
  if (type !== 'application/json' && type !== '*/*' && type !== '') throw errors.unsupportedMediaType(type);
  return parseJsonBody(req.body);
}

/** The stored object itself (frozen): a GET only serializes it, so no copy is needed. */
function peekOrNotFound(ctx: ApiContext, req: ResourceRequest): KubeObject {
  const { type, namespace, name } = req.target;
  return ctx.registry.peek(type, namespace, name!) ?? ctx.registry.get(type, namespace, name!);
}

function bodyObject(req: ResourceRequest): KubeObject {
  const parsed = parseBody(req);
  if (!isPlainObject(parsed)) throw errors.badRequest('the request body must be a JSON object');
  const obj = parsed as KubeObject;
  obj.metadata = isPlainObject(obj.metadata) ? obj.metadata : {};
  return obj;
}

function sendObject(
  ctx: ApiContext,
  req: ResourceRequest,
  res: ServerResponse,
  code: number,
  obj: KubeObject,
  warnings: string[] = [],
): void {
  const headers = warningHeaders(warnings);
  if (wantsTable(req.headers.accept)) {
    return sendJson(
      res,
      code,
      toTable(req.target.type.kind, [obj], ctx.clock.now(), {
        resourceVersion: obj.metadata.resourceVersion,
      }),
      headers,
    );
  }
  sendJson(res, code, obj, headers);
}

function handleList(ctx: ApiContext, req: ResourceRequest, res: ServerResponse): void {
  const { type, namespace } = req.target;
  const limit = Number(req.query.get('limit') ?? 0);
  const result = ctx.registry.list(type, {
    namespace,
    labelSelector: parseLabelSelector(req.query.get('labelSelector')),
    fieldSelector: parseFieldSelector(req.query.get('fieldSelector')),
    limit: Number.isFinite(limit) ? limit : 0,
    continueToken: req.query.get('continue') ?? undefined,
    copy: false,
  });
  const meta: JsonObject = { resourceVersion: String(result.resourceVersion) };
  if (result.continueToken) {
    meta.continue = result.continueToken;
    meta.remainingItemCount = result.remainingItemCount;
  }
  if (wantsTable(req.headers.accept))
    return sendJson(res, 200, toTable(type.kind, result.items, ctx.clock.now(), meta));
  sendJson(res, 200, {
    kind: `${type.kind}List`,
    apiVersion: apiVersionOf(type),
    metadata: meta,
    items: result.items,
  });
}

function checkNamespace(req: ResourceRequest, obj: KubeObject): void {
  const { type, namespace } = req.target;
  if (!type.namespaced) return;
  if (obj.metadata.namespace && obj.metadata.namespace !== namespace) {
    throw errors.badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  obj.metadata.namespace = namespace;
}

function handleCreate(ctx: ApiContext, req: ResourceRequest, res: ServerResponse): void {
  const obj = bodyObject(req);
  checkNamespace(req, obj);
  const opts = writeOptions(req);
  const created = ctx.registry.create(req.target.type, obj, opts);
  sendObject(ctx, req, res, 201, created, opts.warnings);
}

function handleUpdate(ctx: ApiContext, req: ResourceRequest, res: ServerResponse): void {
  const obj = bodyObject(req);
  checkNamespace(req, obj);
  if (obj.metadata.name && obj.metadata.name !== req.target.name) {
    throw errors.badRequest(
      `the name of the object (${obj.metadata.name}) does not match the name on the URL (${req.target.name})`,
    );
  }
  obj.metadata.name = req.target.name;
  const subresource = req.target.subresource === 'status' ? 'status' : undefined;
  const opts = writeOptions(req);
  const updated = ctx.registry.update(req.target.type, obj, { ...opts, subresource });
  sendObject(ctx, req, res, 200, updated, opts.warnings);
}

function deleteOptions(req: ResourceRequest): DeleteOptions {
  const body = parseJsonBody(req.body);
  const opts = isPlainObject(body) ? body : {};
  const policy = (req.query.get('propagationPolicy') ??
    opts.propagationPolicy ??
    (opts.orphanDependents === true ? 'Orphan' : undefined)) as DeleteOptions['propagationPolicy'];
  const grace = req.query.get('gracePeriodSeconds') ?? opts.gracePeriodSeconds;
  return {
    propagationPolicy: policy,
    preconditions: isPlainObject(opts.preconditions)
      ? (opts.preconditions as DeleteOptions['preconditions'])
      : undefined,
    gracePeriodSeconds: grace === undefined || grace === null ? undefined : Number(grace),
  };
}

function handleDelete(ctx: ApiContext, req: ResourceRequest, res: ServerResponse): void {
  const { type, namespace, name } = req.target;
  const removed = ctx.registry.delete(type, namespace, name!, {
    ...deleteOptions(req),
    dryRun: isDryRun(req),
  });
  if (type.kind === 'Pod' || type.kind === 'Namespace') return sendJson(res, 200, removed);
  sendJson(res, 200, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name, group: type.group, kind: type.resource, uid: removed.metadata.uid },
  });
}

function handleDeleteCollection(ctx: ApiContext, req: ResourceRequest, res: ServerResponse): void {
  const { type, namespace } = req.target;
  const result = ctx.registry.list(type, {
    namespace,
    labelSelector: parseLabelSelector(req.query.get('labelSelector')),
    fieldSelector: parseFieldSelector(req.query.get('fieldSelector')),
  });
  const opts = { ...deleteOptions(req), dryRun: isDryRun(req) };
  const removed = result.items.map((o) =>
    ctx.registry.delete(type, o.metadata.namespace, o.metadata.name!, opts),
  );
  sendJson(res, 200, {
    kind: `${type.kind}List`,
    apiVersion: apiVersionOf(type),
    metadata: { resourceVersion: String(ctx.registry.store.resourceVersion) },
    items: removed,
  });
}
