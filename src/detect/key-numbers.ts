import { ipv4Number } from '../core/ip.ts';

const EMPTY = -1;

/**
 * Keys (addresses) to the dense numbers a detector indexes its state by, looked up once per
 * attempt. IPv4 addresses, nearly every key, are found by value in an open-addressing table of
 * 32-bit numbers: no string hashing, usually one cache line per lookup (a Map of fresh strings
 * costs several times that). Anything else, IPv6 or a host name, goes through a Map of strings.
 */
export class KeyNumbers {
  /** Pairs (address as int32, number); number EMPTY marks a free pair. */
  private pairs = new Int32Array(2 << 12).fill(EMPTY);
  private bits = 12;
  private mask = (1 << 12) - 1;
  private ipv4 = 0;
  private others = new Map<string, number>();

  /** The key's number, or −1 when it has none yet. */
  get(key: string): number {
    const ip = ipv4Number(key);
    return ip < 0 ? (this.others.get(key) ?? -1) : this.getIPv4(ip);
  }

  /** `get` for an IPv4 address given as its number (`ipv4Number`). */
  getIPv4(ip: number): number {
    const pairs = this.pairs;
    for (let i = this.slot(ip); ; i = (i + 1) & this.mask) {
      const n = pairs[2 * i + 1];
      if (n === EMPTY) return -1;
      if (pairs[2 * i] === (ip | 0)) return n;
    }
  }

  /** Gives `key`, which has no number yet, the number `n` (≥ 0). */
  set(key: string, n: number): void {
    const ip = ipv4Number(key);
    if (ip < 0) this.others.set(key, n);
    else this.setIPv4(ip, n);
  }

  /** `set` for an IPv4 address given as its number. */
  setIPv4(ip: number, n: number): void {
    if (++this.ipv4 * 2 > this.mask) this.grow();
    this.place(ip | 0, n);
  }

  private place(ip: number, n: number): void {
    const pairs = this.pairs;
    let i = this.slot(ip);
    while (pairs[2 * i + 1] !== EMPTY) i = (i + 1) & this.mask;
    pairs[2 * i] = ip;
    pairs[2 * i + 1] = n;
  }

  private grow(): void {
    const old = this.pairs;
    this.bits++;
    this.mask = this.mask * 2 + 1;
    this.pairs = new Int32Array(2 * (this.mask + 1)).fill(EMPTY);
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== EMPTY) this.place(old[i], old[i + 1]);
  }

  /** Fibonacci hashing, top bits: consecutive addresses (a /24 scanning) land far apart. */
  private slot(ip: number): number {
    return Math.imul(ip, 0x9e3779b1) >>> (32 - this.bits);
  }
}
