// JSON patch (RFC 6902): add, remove, replace, move, copy, test over JSON pointers.
import { ApiError } from '../status.js';
import { deepClone, isPlainObject } from '../../types.js';
import { semanticEqual } from '../../store/canonical.js';

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new ApiError(422, 'Invalid', `invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function resolveParent(doc: unknown, parts: string[], pointer: string): { parent: Container; key: string } {
  let cur: unknown = doc;
  for (const part of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(part)];
    else if (isPlainObject(cur)) cur = cur[part];
    else cur = undefined;
    if (cur === undefined)
      throw new ApiError(
        422,
        'Invalid',
        `the server rejected our request due to an error in our request: doc is missing path: "${pointer}": missing value`,
      );
  }
  if (!Array.isArray(cur) && !isPlainObject(cur))
    throw new ApiError(422, 'Invalid', `doc is missing path: "${pointer}"`);
  return { parent: cur, key: parts[parts.length - 1]! };
}

function getAt(doc: unknown, pointer: string): unknown {
  const parts = parsePointer(pointer);
  if (parts.length === 0) return doc;
  const { parent, key } = resolveParent(doc, parts, pointer);
  const value = Array.isArray(parent) ? parent[Number(key)] : parent[key];
  if (value === undefined)
    throw new ApiError(422, 'Invalid', `doc is missing path: "${pointer}": missing value`);
  return value;
}

function removeAt(doc: unknown, pointer: string): unknown {
  const { parent, key } = resolveParent(doc, parsePointer(pointer), pointer);
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!(i >= 0 && i < parent.length))
      throw new ApiError(422, 'Invalid', `doc is missing path: "${pointer}": missing value`);
    return parent.splice(i, 1)[0];
  }
  if (!(key in parent))
    throw new ApiError(422, 'Invalid', `doc is missing path: "${pointer}": missing value`);
  const old = parent[key];
  delete parent[key];
  return old;
}

function addAt(doc: unknown, pointer: string, value: unknown, replace: boolean): unknown {
  const parts = parsePointer(pointer);
  if (parts.length === 0) return deepClone(value);
  const { parent, key } = resolveParent(doc, parts, pointer);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!(i >= 0 && i <= parent.length))
      throw new ApiError(422, 'Invalid', `index out of range in "${pointer}"`);
    if (replace) parent[i] = deepClone(value);
    else parent.splice(i, 0, deepClone(value));
  } else {
    if (replace && !(key in parent))
      throw new ApiError(422, 'Invalid', `doc is missing key: "${pointer}": missing value`);
    parent[key] = deepClone(value);
  }
  return doc;
}

export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw new ApiError(400, 'BadRequest', 'json patch must be a list of operations');
  let doc = deepClone(target);
  for (const raw of patch as Operation[]) {
    switch (raw.op) {
      case 'add':
        doc = addAt(doc, raw.path, raw.value, false);
        break;
      case 'replace':
        doc = addAt(doc, raw.path, raw.value, true);
        break;
      case 'remove':
        removeAt(doc, raw.path);
        break;
      case 'move': {
        const value = removeAt(doc, raw.from ?? '');
        doc = addAt(doc, raw.path, value, false);
        break;
      }
      case 'copy':
        doc = addAt(doc, raw.path, getAt(doc, raw.from ?? ''), false);
        break;
      case 'test':
        if (!semanticEqual(getAt(doc, raw.path), raw.value))
          throw new ApiError(422, 'Invalid', `testing value ${raw.path} failed`);
        break;
      default:
        throw new ApiError(400, 'BadRequest', `unexpected json patch operation "${String(raw.op)}"`);
    }
  }
  return doc;
}
