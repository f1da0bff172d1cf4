import type { AttemptColumns } from '../../detect/index.ts';
import { columns } from './attempt-batch.ts';

/**
 * One stream's attempts on their way out, restored to time order by ReorderBuffer's rule
 * (detect/reorder-buffer.ts) — an attempt is released once one `latenessMs` newer has been seen;
 * one older than an attempt already released goes out at once and counts as late — but held as
 * numbers in columns: a stream has hundreds of thousands of attempts, and an object each kept
 * its thread's garbage collector busy. Released attempts wait in columns too, until `take`.
 */
export class AttemptOrder {
  readonly latenessMs: number;
  late = 0;
  /** Held attempts, in time order from `head` to `size` (equal times in arrival order). */
  private held = new Columns(1024);
  private head = 0;
  private maxSeen = Number.NEGATIVE_INFINITY;
  private released = Number.NEGATIVE_INFINITY;
  /** Released attempts, in order, until `take`. */
  private out = new Columns(1024);
  private files: string[] = [];
  private lastFile = '';
  private lastFileIndex = -1;

  constructor(latenessMs: number) {
    this.latenessMs = latenessMs;
  }

  /**
   * An attempt: `flags` as AttemptColumns' (bit 2 is set here when `other` is given), `ipv4` an
   * IPv4 address as a number (ignored with `other`), `user` the stream's number or -1.
   */
  push(
    ts: number,
    line: number,
    count: number,
    flags: number,
    file: string,
    ipv4: number,
    other: string | undefined,
    user: number,
  ): void {
    if (file !== this.lastFile) {
      this.lastFile = file;
      this.lastFileIndex = this.files.indexOf(file);
      if (this.lastFileIndex < 0) this.lastFileIndex = this.files.push(file) - 1;
    }
    const f = this.lastFileIndex;
    const fl = other === undefined ? flags : flags | 4;
    if (ts < this.released) {
      this.late++;
      this.out.append(ts, line, count, fl, f, other === undefined ? ipv4 : 0, other, user);
      return;
    }
    const held = this.held;
    // Nearly always appended; an earlier one goes in after the held attempts no later than it.
    let at = held.size;
    if (at > this.head && held.ts[at - 1] > ts) {
      let lo = this.head;
      while (lo < at) {
        const mid = (lo + at) >>> 1;
        if (held.ts[mid] <= ts) lo = mid + 1;
        else at = mid;
      }
    }
    held.insert(at, ts, line, count, fl, f, other === undefined ? ipv4 : 0, other, user);
    if (ts > this.maxSeen) this.maxSeen = ts;
    const horizon = this.maxSeen - this.latenessMs;
    while (this.head < held.size && held.ts[this.head] <= horizon) this.release();
    if (this.head > 4096 && this.head * 2 > held.size) {
      held.drop(this.head);
      this.head = 0;
    }
  }

  /** Releases every held attempt: the stream has ended. */
  flush(): void {
    while (this.head < this.held.size) this.release();
    this.held.drop(this.head);
    this.head = 0;
  }

  /** The attempts released since the last call, as one batch; `users` names the stream's new user numbers. */
  take(users: string[]): AttemptColumns | undefined {
    const out = this.out;
    const n = out.size;
    if (n === 0) return undefined;
    const c = columns(new ArrayBuffer(n * 35), n, [...this.files], [], users);
    c.ts.set(out.ts.subarray(0, n));
    c.line.set(out.line.subarray(0, n));
    c.count.set(out.count.subarray(0, n));
    c.flags.set(out.flags.subarray(0, n));
    c.file.set(out.file.subarray(0, n));
    c.user.set(out.user.subarray(0, n));
    c.address.set(out.address.subarray(0, n));
    for (let i = 0; i < n; i++) {
      const other = out.other[i];
      if (other !== undefined) c.address[i] = c.others.push(other) - 1;
    }
    out.size = 0;
    out.other.length = 0;
    return c;
  }

  private release(): void {
    const h = this.held;
    const i = this.head++;
    this.released = h.ts[i];
    this.out.append(
      h.ts[i],
      h.line[i],
      h.count[i],
      h.flags[i],
      h.file[i],
      h.address[i],
      h.other[i],
      h.user[i],
    );
    h.other[i] = undefined;
  }
}

/** Growable columns of attempts. */
class Columns {
  size = 0;
  ts: Float64Array;
  line: Float64Array;
  count: Float64Array;
  flags: Uint8Array;
  file: Uint16Array;
  address: Uint32Array;
  user: Int32Array;
  /** The address of an attempt whose address is not IPv4 (flags bit 2), else undefined. */
  other: (string | undefined)[] = [];

  constructor(capacity: number) {
    this.ts = new Float64Array(capacity);
    this.line = new Float64Array(capacity);
    this.count = new Float64Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.file = new Uint16Array(capacity);
    this.address = new Uint32Array(capacity);
    this.user = new Int32Array(capacity);
  }

  append(
    ts: number,
    line: number,
    count: number,
    flags: number,
    file: number,
    address: number,
    other: string | undefined,
    user: number,
  ): void {
    this.insert(this.size, ts, line, count, flags, file, address, other, user);
  }

  /** Puts an attempt at `at`, moving those from `at` on one place up. */
  insert(
    at: number,
    ts: number,
    line: number,
    count: number,
    flags: number,
    file: number,
    address: number,
    other: string | undefined,
    user: number,
  ): void {
    if (this.size === this.ts.length) this.grow();
    if (at < this.size) {
      for (const a of [this.ts, this.line, this.count, this.flags, this.file, this.address, this.user])
        a.copyWithin(at + 1, at, this.size);
      this.other.splice(at, 0, other);
    } else this.other.push(other);
    this.ts[at] = ts;
    this.line[at] = line;
    this.count[at] = count;
    this.flags[at] = flags;
    this.file[at] = file;
    this.address[at] = address;
    this.user[at] = user;
    this.size++;
  }

  /** Drops the first `n` attempts. */
  drop(n: number): void {
    if (n === 0) return;
    for (const a of [this.ts, this.line, this.count, this.flags, this.file, this.address, this.user])
      a.copyWithin(0, n, this.size);
    this.other.splice(0, n);
    this.size -= n;
  }

  private grow(): void {
    const cap = this.ts.length * 2;
    const more = <T extends Float64Array | Uint8Array | Uint16Array | Uint32Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.ts = more(this.ts);
    this.line = more(this.line);
    this.count = more(this.count);
    this.flags = more(this.flags);
    this.file = more(this.file);
    this.address = more(this.address);
    this.user = more(this.user);
  }
}
