// A seeded pseudo-random generator (mulberry32) so names, errors and latencies can be reproduced.
import { SAFE_ALPHABET } from './store/canonical.js';

export interface Random {
  next(): number;
  suffix(length?: number): string;
  uuid(): string;
}

export function seededRandom(seed = Date.now() >>> 0): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    suffix(length = 5) {
      let s = '';
      for (let i = 0; i < length; i++) s += SAFE_ALPHABET[Math.floor(next() * SAFE_ALPHABET.length)];
      return s;
    },
    uuid() {
      const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
      hex[12] = '4';
      hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
      const h = hex.join('');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  };
}
