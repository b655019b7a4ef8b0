// PATCH: JSON patch, JSON merge patch, strategic merge patch and server-side apply, on objects and
// on their `status` and `scale` subresources.
import type { ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { typeKey } from './resources.js';
import { isPlainObject, type JsonObject, type KubeObject } from '../types.js';
import {
  warningHeaders,
  writeOptions,
  type ApiContext,
  type RequestWriteOptions,
  type ResourceRequest,
} from './context.js';
import { parseJsonBody, sendJson } from './http-util.js';
import { applyJsonPatch } from './patch/json-patch.js';
import { applyMergePatch } from './patch/merge-patch.js';
import { applyServerSide } from './patch/server-side-apply.js';
import { applyStrategicMergePatch } from './patch/strategic-merge.js';
import { scaleOf, updateScale } from './scale.js';
import { ApiError, errors } from './status.js';
import { toTable, wantsTable } from './table.js';

type PatchKind = 'json' | 'merge' | 'strategic' | 'apply';

function patchKind(contentType: string | undefined): PatchKind {
  const type = (contentType ?? '').split(';')[0]!.trim();
  switch (type) {
    case 'application/json-patch+json':
      return 'json';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
    case 'application/apply-patch+json':
      return 'apply';
    default:
      throw errors.unsupportedMediaType(type || 'no content type');
  }
}

function applyPatch(kind: Exclude<PatchKind, 'apply'>, target: unknown, patch: unknown): JsonObject {
  const result =
    kind === 'json'
      ? applyJsonPatch(target, patch)
      : kind === 'merge'
        ? applyMergePatch(target, patch)
        : applyStrategicMergePatch(target, patch);
  if (!isPlainObject(result)) throw errors.badRequest('the patch produced something that is not an object');
  return result;
}

export function handlePatch(ctx: ApiContext, req: ResourceRequest, res: ServerResponse): void {
  const { type, namespace, name, subresource } = req.target;
  const kind = patchKind(req.headers['content-type']);
  if (kind === 'strategic' && type.custom) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
    );
  }
  const opts = writeOptions(req);
  const manager = opts.manager;
  if (kind === 'apply') return sendResult(ctx, req, res, serverSideApply(ctx, req, opts), opts.warnings);
  const patch = parseJsonBody(req.body);
  const existing = ctx.registry.get(type, namespace, name!);
  if (subresource === 'scale') {
    const scale = applyPatch(kind, scaleOf(existing), patch) as KubeObject;
    return sendJson(res, 200, updateScale(ctx, req.target, scale, manager));
  }
  const patched = applyPatch(kind, existing, patch) as KubeObject;
  patched.metadata = isPlainObject(patched.metadata) ? patched.metadata : {};
  if (patched.metadata.name !== name) throw errors.badRequest('metadata.name cannot be changed by a patch');
  const updated = ctx.registry.update(type, patched, {
    ...opts,
    subresource: subresource === 'status' ? 'status' : undefined,
  });
  sendResult(ctx, req, res, updated, opts.warnings);
}

function sendResult(
  ctx: ApiContext,
  req: ResourceRequest,
  res: ServerResponse,
  obj: KubeObject,
  warnings: string[],
): void {
  const headers = warningHeaders(warnings);
  if (wantsTable(req.headers.accept))
    return sendJson(res, 200, toTable(req.target.type.kind, [obj], ctx.clock.now(), {}), headers);
  sendJson(res, 200, obj, headers);
}

/** The applied fields without the identity ones (apiVersion/kind/name/namespace are nobody's). */
function stripIdentity(applied: JsonObject): JsonObject {
  const { apiVersion: _a, kind: _k, ...rest } = applied;
  return rest;
}

function parseApplyBody(req: ResourceRequest): JsonObject {
  let parsed: unknown;
  try {
    parsed = parseYaml(req.body.toString('utf8'));
  } catch (err) {
    throw errors.badRequest(`error decoding YAML: ${(err as Error).message}`);
  }
  if (!isPlainObject(parsed)) throw errors.badRequest('the apply configuration must be an object');
  return parsed;
}

function serverSideApply(ctx: ApiContext, req: ResourceRequest, writeOpts: RequestWriteOptions): KubeObject {
  const manager = writeOpts.manager;
  const { type, namespace, name, subresource } = req.target;
  if (!req.query.get('fieldManager'))
    throw errors.badRequest('PATCH, fieldManager: Required value: is required for apply patch');
  const applied = parseApplyBody(req);
  const meta = isPlainObject(applied.metadata) ? applied.metadata : {};
  if (meta.name && meta.name !== name)
    throw errors.badRequest(
      `the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`,
    );
  const memoryKey = `${typeKey(type)}/${namespace ?? ''}/${name}/${manager}/${subresource ?? ''}`;
  const live = ctx.registry.tryGet(type, namespace, name!);
  const merged = applyServerSide(
    live as JsonObject | undefined,
    applied,
    ctx.appliedConfigs.get(memoryKey),
  ) as KubeObject;
  merged.metadata = {
    ...(isPlainObject(merged.metadata) ? merged.metadata : {}),
    name,
    ...(type.namespaced ? { namespace } : {}),
  };
  const force = req.query.get('force') === 'true';
  const opts = { ...writeOpts, operation: 'Apply' as const, applied: stripIdentity(applied), force };
  const result = live
    ? ctx.registry.update(type, merged, {
        ...opts,
        subresource: subresource === 'status' ? 'status' : undefined,
      })
    : ctx.registry.create(type, merged, opts);
  if (!opts.dryRun) ctx.appliedConfigs.set(memoryKey, applied);
  return result;
}
