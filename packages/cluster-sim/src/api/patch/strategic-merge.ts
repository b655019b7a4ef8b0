// Strategic merge patch for the built-in types the simulator serves: lists merge by their patch
// merge key (containers by name, container ports by containerPort, ...), with the `$patch`,
// `$setElementOrder`, `$retainKeys` and `$deleteFromPrimitiveList` directives kubectl sends.
import { deepClone, isPlainObject, type JsonObject } from '../../types.js';

const mergeKeyByField: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  conditions: 'type',
  ownerReferences: 'uid',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
};

/** Lists of scalars that merge as sets rather than being replaced. */
const primitiveMergeFields = new Set(['finalizers']);

function mergeKeyFor(field: string, elements: unknown[]): string | undefined {
  if (field === 'ports')
    return elements.some((e) => isPlainObject(e) && 'containerPort' in e) ? 'containerPort' : 'port';
  return mergeKeyByField[field];
}

export function applyStrategicMergePatch(original: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return deepClone(patch);
  return mergeMap(isPlainObject(original) ? original : {}, patch);
}

function mergeMap(original: JsonObject, patch: JsonObject): JsonObject | undefined {
  if (patch.$patch === 'delete') return undefined;
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return stripDirectives(rest) as JsonObject;
  }
  const result: JsonObject = deepClone(original);
  const orders: Array<[string, unknown[]]> = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith('$setElementOrder/')) {
      if (Array.isArray(value)) orders.push([key.slice('$setElementOrder/'.length), value]);
      continue;
    }
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(result[field]) && Array.isArray(value))
        result[field] = (result[field] as unknown[]).filter((v) => !value.includes(v));
      continue;
    }
    if (key.startsWith('$')) continue; // unknown directive
    if (value === null) {
      delete result[key];
    } else if (isPlainObject(value)) {
      const merged = mergeMap(isPlainObject(result[key]) ? (result[key] as JsonObject) : {}, value);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else if (Array.isArray(value)) {
      result[key] = mergeList(key, Array.isArray(result[key]) ? (result[key] as unknown[]) : [], value);
    } else {
      result[key] = value;
    }
  }
  for (const [field, order] of orders)
    if (Array.isArray(result[field])) result[field] = applyOrder(field, result[field] as unknown[], order);
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys.map(String));
    for (const key of Object.keys(result)) if (!keep.has(key)) delete result[key];
  }
  return result;
}

function mergeList(field: string, original: unknown[], patch: unknown[]): unknown[] {
  if (patch.some((e) => isPlainObject(e) && e.$patch === 'replace')) {
    return patch.filter((e) => !(isPlainObject(e) && e.$patch === 'replace')).map(stripDirectives);
  }
  const mergeKey = mergeKeyFor(field, [...original, ...patch]);
  if (!mergeKey || !patch.every(isPlainObject)) {
    if (primitiveMergeFields.has(field)) return [...original, ...patch.filter((v) => !original.includes(v))];
    return patch.map(stripDirectives);
  }
  const result = original.map((e) => deepClone(e));
  for (const element of patch as JsonObject[]) {
    const index = result.findIndex((o) => isPlainObject(o) && o[mergeKey] === element[mergeKey]);
    if (element.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) {
      const merged = mergeMap(result[index] as JsonObject, element);
      if (merged === undefined) result.splice(index, 1);
      else result[index] = merged;
    } else {
      result.push(stripDirectives(element));
    }
  }
  return result;
}

/** `$setElementOrder`: elements named in the order come first, in that order; the rest keep theirs. */
function applyOrder(field: string, list: unknown[], order: unknown[]): unknown[] {
  const mergeKey = mergeKeyFor(field, [...list, ...order]);
  const keyOf = (v: unknown) => (mergeKey && isPlainObject(v) ? v[mergeKey] : v);
  const wanted = order.map(keyOf);
  const position = (v: unknown) => {
    const i = wanted.indexOf(keyOf(v));
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return list
    .map((v, i) => ({ v, i }))
    .sort((a, b) => position(a.v) - position(b.v) || a.i - b.i)
    .map((x) => x.v);
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isPlainObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$')) continue;
    if (v === null) continue;
    out[k] = stripDirectives(v);
  }
  return out;
}
