// The pod-template-hash: a stable hash of a pod template, as the Deployment controller names ReplicaSets.
import { canonicalJson, fnv32a, safeEncode } from '../store/canonical.js';
import { deepClone, isPlainObject, type JsonObject } from '../types.js';

export const HASH_LABEL = 'pod-template-hash';

export function withoutHashLabel(template: unknown): JsonObject {
  const copy = (isPlainObject(template) ? deepClone(template) : {}) as JsonObject;
  const meta = isPlainObject(copy.metadata) ? copy.metadata : undefined;
  if (meta && isPlainObject(meta.labels)) {
    delete meta.labels[HASH_LABEL];
  }
  return copy;
}

export function podTemplateHash(template: unknown, collisionCount = 0): string {
  const text = canonicalJson(withoutHashLabel(template)) + (collisionCount ? `#${collisionCount}` : '');
  return safeEncode(String(fnv32a(text)));
}

export function templatesEqualIgnoringHash(a: unknown, b: unknown): boolean {
  return canonicalJson(withoutHashLabel(a)) === canonicalJson(withoutHashLabel(b));
}
