// A compact set of per-test state bits keyed by a 53-bit id hash: open addressing over one
// Uint32Array (two words a slot: the low 32 bits of the hash; the high 21 bits, the state and an
// occupied flag), so a million tests cost 16 MB, one cache miss per lookup and no garbage, where a
// Map of boxed numbers costs several times that and keeps the garbage collector busy.

const OCCUPIED = 1 << 30;
const HI_MASK = 0x1fffff;

export class TestStates {
  private slots = new Uint32Array(2 * 1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** ORs `add` (8 bits) into the state of (hi, lo) and returns the new state. */
  add(hi: number, lo: number, add: number): number {
    if ((this.count + 1) * 4 > this.slots.length) this.grow();
    const i = this.find(hi, lo);
    const word = this.slots[i + 1]!;
    if (word === 0) {
      this.slots[i] = lo;
      this.count++;
    }
    const state = ((word >>> 21) & 0xff) | add;
    this.slots[i + 1] = OCCUPIED | (state << 21) | hi;
    return state;
  }

  /** The state of (hi, lo); 0 when never added. */
  get(hi: number, lo: number): number {
    return (this.slots[this.find(hi, lo) + 1]! >>> 21) & 0xff;
  }

  /** Every (hi, lo, state) stored, in no particular order. */
  forEach(fn: (hi: number, lo: number, state: number) => void): void {
    const s = this.slots;
    for (let i = 0; i < s.length; i += 2) {
      const word = s[i + 1]!;
      if (word !== 0) fn(word & HI_MASK, s[i]!, (word >>> 21) & 0xff);
    }
  }

  /** Index of the slot holding (hi, lo), or of the empty slot where it goes. */
  private find(hi: number, lo: number): number {
    const s = this.slots;
    const mask = (s.length >>> 1) - 1;
    // murmur3's finaliser over both halves, so keys whose halves correlate still spread out.
    let h = lo ^ Math.imul(hi, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    let slot = (h ^ (h >>> 16)) & mask;
    for (;;) {
      const word = s[2 * slot + 1]!;
      if (word === 0 || ((word & HI_MASK) === hi && s[2 * slot] === lo)) return 2 * slot;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) {
      const word = old[i + 1]!;
      if (word === 0) continue;
      const j = this.find(word & HI_MASK, old[i]!);
      this.slots[j] = old[i]!;
      this.slots[j + 1] = word;
    }
  }
}

// The hash state after `classname::` of the previous call: consecutive test cases share a class.
let lastClass: string | undefined;
let lastH1 = 0;
let lastH2 = 0;

/**
 * A cyrb53-style hash of `classname::name` (or `name` alone) without building the string; returns the high 21
 * and low 32 bits. Collisions among a million ids have odds around 1 in 20,000.
 */
export function hashTestId(classname: string, name: string): [number, number] {
  hashTestIdInto(classname, name, scratch);
  return [scratch[0]!, scratch[1]!];
}

const scratch = new Uint32Array(2);

/** hashTestId without an allocation: writes [hi, lo] into `out`. */
export function hashTestIdInto(classname: string, name: string, out: Uint32Array): void {
  let h1: number;
  let h2: number;
  if (classname === lastClass) {
    h1 = lastH1;
    h2 = lastH2;
  } else {
    h1 = 0xdeadbeef;
    h2 = 0x41c6ce57;
    // Plain loops rather than a helper closure: this runs once per test case.
    for (let i = 0; i < classname.length; i++) {
      const ch = classname.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    if (classname) {
      for (let i = 0; i < 2; i++) {
        h1 = Math.imul(h1 ^ 58, 2654435761); // ':'
        h2 = Math.imul(h2 ^ 58, 1597334677);
      }
    }
    lastClass = classname;
    lastH1 = h1;
    lastH2 = h2;
  }
  // Two UTF-16 units a step (this loop runs over every test name); the length tells "x" from "x\0".
  const pairs = name.length & ~1;
  for (let i = 0; i < pairs; i += 2) {
    const ch = name.charCodeAt(i) | (name.charCodeAt(i + 1) << 16);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  if (pairs < name.length) {
    const ch = name.charCodeAt(pairs);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h2 ^= name.length;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out[0] = HI_MASK & h2;
  out[1] = h1;
}
