// Server-side apply, approximated: the applied configuration is merged over the live object like a
// strategic merge, and fields this field manager applied last time but no longer lists are removed.
// Field-level conflicts between managers are not modelled (documented in the README).
import { deepClone, isPlainObject, type JsonObject } from '../../types.js';
import { applyStrategicMergePatch } from './strategic-merge.js';

/** Builds a patch that nulls out fields present in `previous` but absent from `current`. */
function removalsOf(previous: unknown, current: unknown): JsonObject | undefined {
  if (!isPlainObject(previous) || !isPlainObject(current)) return undefined;
  const patch: JsonObject = {};
  for (const key of Object.keys(previous)) {
    if (!(key in current)) patch[key] = null;
    else if (isPlainObject(previous[key]) && isPlainObject(current[key])) {
      const nested = removalsOf(previous[key], current[key]);
      if (nested && Object.keys(nested).length > 0) patch[key] = nested;
    }
  }
  return patch;
}

function stripMeta(applied: JsonObject): JsonObject {
  const copy = deepClone(applied);
  if (isPlainObject(copy.metadata)) {
    for (const k of ['resourceVersion', 'uid', 'creationTimestamp', 'generation', 'managedFields'])
      delete copy.metadata[k];
  }
  return copy;
}

export function applyServerSide(
  live: JsonObject | undefined,
  applied: JsonObject,
  previouslyApplied: JsonObject | undefined,
): JsonObject {
  const config = stripMeta(applied);
  if (!live) return config;
  const removals = previouslyApplied ? removalsOf(previouslyApplied, config) : undefined;
  const base = removals ? (applyStrategicMergePatch(live, removals) as JsonObject) : live;
  return applyStrategicMergePatch(base, config) as JsonObject;
}
