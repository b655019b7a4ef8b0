// Field ownership for server-side apply: which field manager last set each field of an object, so
// an apply that would change a field another manager owns fails with a 409 conflict (unless forced),
// and managedFields can list each manager's fields. Lists count as one field (atomic), a
// simplification of the real per-element ownership.
import { semanticEqual } from './canonical.js';
import { isPlainObject, type JsonObject } from '../types.js';

const IGNORED_META = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
]);

/** Path keys are JSON arrays of segments, since keys such as `deployment.kubernetes.io/revision` hold dots. */
const keyOf = (segments: string[]) => JSON.stringify(segments);
const segmentsOf = (key: string) => JSON.parse(key) as string[];
/** `.spec.replicas`, as conflicts are reported. */
export const displayPath = (key: string) =>
  segmentsOf(key)
    .map((s) => `.${s}`)
    .join('');

/** Leaf paths of an object; lists and scalars are leaves. */
export function leafPaths(
  obj: unknown,
  prefix: string[] = [],
  out = new Map<string, unknown>(),
): Map<string, unknown> {
  if (!isPlainObject(obj)) return out;
  for (const [key, value] of Object.entries(obj)) {
    if (prefix.length === 0 && (key === 'apiVersion' || key === 'kind' || key === 'status')) continue;
    if (prefix.length === 1 && prefix[0] === 'metadata' && IGNORED_META.has(key)) continue;
    const path = [...prefix, key];
    if (isPlainObject(value) && Object.keys(value).length > 0) leafPaths(value, path, out);
    else out.set(keyOf(path), value);
  }
  return out;
}

/** Owners are a field manager with an operation: an Update and an Apply by `kubectl` are two owners. */
export const ownerId = (manager: string, operation: 'Apply' | 'Update') => `${operation}:${manager}`;
const managerOf = (id: string) => id.slice(id.indexOf(':') + 1);

export interface FieldConflict {
  field: string;
  manager: string;
}

export class FieldOwners {
  /** Per object uid: field path → the managers owning it (appliers of the same value share a field). */
  private readonly owners = new Map<string, Map<string, Set<string>>>();

  private of(uid: string): Map<string, Set<string>> {
    let m = this.owners.get(uid);
    if (!m) {
      m = new Map();
      this.owners.set(uid, m);
    }
    return m;
  }

  /** An Update (create, PUT, non-apply PATCH): the manager alone owns the fields whose values it changed. */
  recordUpdate(uid: string, before: unknown, after: unknown, manager: string): void {
    const old = leafPaths(before);
    const now = leafPaths(after);
    const owned = this.of(uid);
    for (const [path, value] of now) {
      if (!old.has(path) || !semanticEqual(old.get(path), value))
        owned.set(path, new Set([ownerId(manager, 'Update')]));
    }
    for (const path of [...owned.keys()]) if (!now.has(path)) owned.delete(path);
  }

  /** Fields of `applied` that another manager owns with a different live value. */
  conflicts(uid: string, live: unknown, applied: unknown, manager: string): FieldConflict[] {
    const owned = this.owners.get(uid);
    if (!owned) return [];
    const current = leafPaths(live);
    const out: FieldConflict[] = [];
    for (const [path, value] of leafPaths(applied)) {
      const others = [...(owned.get(path) ?? [])].filter((m) => m !== ownerId(manager, 'Apply'));
      if (others.length && current.has(path) && !semanticEqual(current.get(path), value)) {
        for (const other of others) out.push({ field: displayPath(path), manager: managerOf(other) });
      }
    }
    return out;
  }

  /** After an apply: the manager owns what it applied — alone where it changed the value, shared otherwise. */
  claim(uid: string, before: unknown, applied: unknown, manager: string): void {
    const owned = this.of(uid);
    const old = leafPaths(before);
    for (const [path, value] of leafPaths(applied)) {
      const unchanged = old.has(path) && semanticEqual(old.get(path), value);
      if (unchanged && owned.has(path)) owned.get(path)!.add(ownerId(manager, 'Apply'));
      else owned.set(path, new Set([ownerId(manager, 'Apply')]));
    }
  }

  forget(uid: string): void {
    this.owners.delete(uid);
  }

  /** The manager's fields in the `FieldsV1` shape (`{"f:spec":{"f:replicas":{}}}`). */
  fieldsV1(uid: string, manager: string, operation: 'Apply' | 'Update'): JsonObject {
    const tree: JsonObject = {};
    const id = ownerId(manager, operation);
    for (const [path, owners] of this.owners.get(uid) ?? []) {
      if (!owners.has(id)) continue;
      let node = tree;
      for (const part of segmentsOf(path)) node = (node[`f:${part}`] ??= {}) as JsonObject;
    }
    return tree;
  }
}
