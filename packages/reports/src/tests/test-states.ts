// A compact set of per-test state bits keyed by a 53-bit id hash: open addressing over typed
// arrays (9 bytes a slot), so a million tests cost ~18 MB and no garbage, where a Map of boxed
// numbers costs several times that and keeps the garbage collector busy.

export class TestStates {
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  private bits = new Uint8Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** ORs `add` into the state of (hi, lo) and returns the new state. */
  add(hi: number, lo: number, add: number): number {
    if ((this.count + 1) * 2 > this.bits.length) this.grow();
    const slot = this.find(hi, lo);
    if (this.bits[slot] === 0) {
      this.hi[slot] = hi;
      this.lo[slot] = lo;
      this.count++;
    }
    return (this.bits[slot]! |= add);
  }

  /** Every (hi, lo, state) stored, in no particular order. */
  forEach(fn: (hi: number, lo: number, state: number) => void): void {
    for (let i = 0; i < this.bits.length; i++)
      if (this.bits[i] !== 0) fn(this.hi[i]!, this.lo[i]!, this.bits[i]!);
  }

  private find(hi: number, lo: number): number {
    const mask = this.bits.length - 1;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    while (this.bits[slot] !== 0 && (this.hi[slot] !== hi || this.lo[slot] !== lo)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { hi, lo, bits } = this;
    this.hi = new Uint32Array(bits.length * 2);
    this.lo = new Uint32Array(bits.length * 2);
    this.bits = new Uint8Array(bits.length * 2);
    for (let i = 0; i < bits.length; i++) {
      if (bits[i] === 0) continue;
      const slot = this.find(hi[i]!, lo[i]!);
      this.hi[slot] = hi[i]!;
      this.lo[slot] = lo[i]!;
      this.bits[slot] = bits[i]!;
    }
  }
}

/**
 * cyrb53 of `classname::name` (or `name` alone) without building the string; returns the high 21
 * and low 32 bits. Collisions among a million ids have odds around 1 in 20,000.
 */
export function hashTestId(classname: string, name: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  // Three plain loops rather than a helper closure: this runs once per test case.
  for (let i = 0; i < classname.length; i++) {
    const ch = classname.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  const sep = classname ? 2 : 0;
  for (let i = 0; i < sep; i++) {
    h1 = Math.imul(h1 ^ 58, 2654435761);
    h2 = Math.imul(h2 ^ 58, 1597334677);
  }
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [(2097151 & h2) >>> 0, h1 >>> 0];
}
