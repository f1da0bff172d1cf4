/**
 * Short texts to numbers, each text stored in its own 64-byte slot of one open-addressing table:
 * a lookup reads one cache line (the text's hash, length and characters side by side), where a Map
 * of strings reads its bucket, its entry and the stored string — three places in memory, each a
 * miss once the keys outgrow the cache (tens of thousands of group keys). Linear probing, deletion
 * by backward shift (no tombstones as keys come and go). Texts longer than INLINE characters go to
 * a Map.
 */
export class TextNumbers {
  // Per slot, as int32: hash, number + 1 (0: empty), length; then the characters, as uint16.
  private i32 = new Int32Array(SLOT * 1024);
  private u16 = new Uint16Array(this.i32.buffer);
  private bits = 10;
  private count = 0;
  private readonly long = new Map<string, number>();

  /** Texts held. */
  get size(): number {
    return this.count + this.long.size;
  }

  /** The text's number, or −1 when it has none. */
  get(text: string): number {
    if (text.length > INLINE) return this.long.get(text) ?? -1;
    const s = this.find(text, hashOf(text));
    return s < 0 ? -1 : this.i32[s * SLOT + 1] - 1;
  }

  /** Gives `text`, which has no number, the number `n` (≥ 0). */
  set(text: string, n: number): void {
    if (text.length > INLINE) {
      this.long.set(text, n);
      return;
    }
    if (++this.count * 2 > 1 << this.bits) this.grow();
    this.place(hashOf(text), n + 1, text);
  }

  /** Takes `text`'s number away (it has one). */
  delete(text: string): void {
    if (text.length > INLINE) {
      this.long.delete(text);
      return;
    }
    let hole = this.find(text, hashOf(text));
    if (hole < 0) return;
    this.count--;
    const { i32 } = this;
    const mask = (1 << this.bits) - 1;
    // Backward shift: a slot further on moves into the hole unless its home lies after the hole.
    for (let j = (hole + 1) & mask; i32[j * SLOT + 1] !== 0; j = (j + 1) & mask) {
      const home = this.home(i32[j * SLOT]);
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        i32.copyWithin(hole * SLOT, j * SLOT, (j + 1) * SLOT);
        hole = j;
      }
    }
    i32[hole * SLOT + 1] = 0;
  }

  /** The slot holding `text` (hash `h`), or −1. */
  private find(text: string, h: number): number {
    const { i32, u16 } = this;
    const mask = (1 << this.bits) - 1;
    const n = text.length;
    for (let s = this.home(h); ; s = (s + 1) & mask) {
      const at = s * SLOT;
      if (i32[at + 1] === 0) return -1;
      if (i32[at] !== h || i32[at + 2] !== n) continue;
      const chars = at * 2 + HEADER;
      let i = 0;
      while (i < n && u16[chars + i] === text.charCodeAt(i)) i++;
      if (i === n) return s;
    }
  }

  private place(h: number, stored: number, text: string): void {
    const { i32, u16 } = this;
    const mask = (1 << this.bits) - 1;
    let s = this.home(h);
    while (i32[s * SLOT + 1] !== 0) s = (s + 1) & mask;
    const at = s * SLOT;
    i32[at] = h;
    i32[at + 1] = stored;
    i32[at + 2] = text.length;
    for (let i = 0; i < text.length; i++) u16[at * 2 + HEADER + i] = text.charCodeAt(i);
  }

  private home(h: number): number {
    return h >>> (32 - this.bits);
  }

  private grow(): void {
    const old = this.i32;
    const oldU16 = this.u16;
    this.bits++;
    this.i32 = new Int32Array(SLOT << this.bits);
    this.u16 = new Uint16Array(this.i32.buffer);
    const mask = (1 << this.bits) - 1;
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at + 1] === 0) continue;
      let s = this.home(old[at]);
      while (this.i32[s * SLOT + 1] !== 0) s = (s + 1) & mask;
      this.u16.set(oldU16.subarray(at * 2, (at + SLOT) * 2), s * SLOT * 2);
    }
  }
}

/** A slot: 16 int32s, one cache line. */
const SLOT = 16;
/** Where a slot's characters start, in uint16s: after three int32s. */
const HEADER = 6;
/** The longest text kept in the table: what a slot has room for (IPv4, most host and user names). */
export const INLINE = SLOT * 2 - HEADER;

/** FNV-1a over the UTF-16 code units, then murmur3's finalizer so the high bits (the home) mix well. */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
