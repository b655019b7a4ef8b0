// Canonical JSON for comparing and hashing objects: sorted keys, nulls and empty maps/lists dropped,
// so a template that went through a Go client (`creationTimestamp: null`, `resources: {}`) compares equal.

export function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = normalize((value as Record<string, unknown>)[key]);
      if (v === null || v === undefined) continue;
      if (Array.isArray(v) && v.length === 0) continue;
      if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
      out[key] = v;
    }
    return out;
  }
  return value;
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalize(value) ?? null);
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** FNV-1a 32-bit. */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  const bytes = Buffer.from(text, 'utf8');
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

const safeAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** Like the apiserver's rand.SafeEncodeString: no vowels, so no words, and no look-alike characters. */
export function safeEncode(text: string): string {
  let out = '';
  for (const ch of text) out += safeAlphabet[ch.charCodeAt(0) % safeAlphabet.length];
  return out;
}

export const SAFE_ALPHABET = safeAlphabet;
