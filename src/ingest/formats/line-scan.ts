/**
 * The byte prefilters of the access and auth parsers over a whole run of lines at once, in
 * WebAssembly (line-scan.wat): the lines' ends found 16 bytes at a time and each line's verdict
 * taken with no call per line, where the JavaScript prefilters cost a native `indexOf` and a
 * closure call per line. They decide what the JavaScript ones do (test/ingest/line-scan.test.ts
 * holds them to the same verdicts). The access prefilter hands the JavaScript one the lines it
 * cannot decide: the first of each hour, whose time only `clfTime` may accept.
 *
 * Kinds 'auth-facts' and 'access-facts' also read the facts of each kept line (line-scan.wat says
 * which): the visitor finds them in `record` at the index it is given.
 */
import type { ClfTimeCheck } from './access-log.ts';
import { LINE_SCAN_WASM } from './line-scan.wasm.ts';

type Exports = {
  memory: WebAssembly.Memory;
  scan(kind: number, pos: number, len: number, index: number): number;
  kept(): number;
  next(): number;
  reason(): number;
  names(): number;
  reset(): void;
};

/** Where the records start, in i32s, and their size (line-scan.wat). */
const OUT = 1024 / 4;
const RECORD = 12;
const NAME_ENTRIES = 1310720;
/** Where runs are read (line-scan.wat's offset for them): first a chunk's room, then the copied runs' room. */
const IN = 4 << 20;
const CHUNK = 1 << 20;
/** Zero bytes after a run: what the prefilters read past its end (JavaScript reads undefined). */
const PAD = 64;
const COPY = IN + CHUNK + PAD;
/** A copied run is a chunk (gzip, stdin) or a line carried over a chunk's end with that chunk's first line. */
const COPY_ROOM = 3 * CHUNK;
const PAGE = 1 << 16;
const NEW_TIME = 1;
const KIND = { access: 0, auth: 1, 'auth-facts': 2, 'access-facts': 3 };

let compiled: WebAssembly.Module | undefined;
/** Instances given back by scanners whose file is read (`release`), for this thread's next ones. */
const spare: Exports[] = [];

function instantiate(): Exports {
  compiled ??= new WebAssembly.Module(Buffer.from(LINE_SCAN_WASM, 'base64'));
  const wasm = new WebAssembly.Instance(compiled).exports as unknown as Exports;
  // All the memory up front: growing it would detach a chunk buffer the framer is reading into.
  wasm.memory.grow(Math.ceil((COPY + COPY_ROOM + PAD - wasm.memory.buffer.byteLength) / PAGE));
  return wasm;
}

/**
 * A kept line: its bytes [start, end), its index in the run, and where its record starts in
 * `LineScan.record` (-1 for a line the JavaScript prefilter kept).
 */
export type VisitLine = (start: number, end: number, index: number, record: number) => void;

/** For the access prefilter: the JavaScript one, and the time check it keeps. */
export type NewHour = { skip: (bytes: Buffer, start: number, end: number) => boolean; time: ClfTimeCheck };

export class LineScan {
  private readonly wasm: Exports;
  private readonly kind: number;
  private readonly newHour?: NewHour;
  private bytes: Uint8Array;
  private released = false;
  /** The records of the kept lines (line-scan.wat): valid while the visitor runs. */
  record: Int32Array;

  constructor(kind: keyof typeof KIND, newHour?: NewHour) {
    const reused = spare.pop();
    reused?.reset();
    this.wasm = reused ?? instantiate();
    this.kind = KIND[kind];
    this.newHour = newHour;
    this.bytes = new Uint8Array(this.wasm.memory.buffer);
    this.record = new Int32Array(this.wasm.memory.buffer);
  }

  /**
   * Gives the WebAssembly instance back once the file is read, for the thread's next scanner:
   * a new instance's exports have a new shape, for which V8 would compile the scan again (and
   * its memory, 8 MiB, would be allocated again). The scanner is not used after.
   */
  release(): void {
    if (this.released) return;
    this.released = true;
    spare.push(this.wasm);
  }

  /** Where the framer may read a chunk of up to 1 MiB, so that its runs are scanned in place, not copied. */
  chunkBuffer(): Buffer {
    return Buffer.from(this.bytes.buffer, IN, CHUNK);
  }

  /** User names numbered so far (kind 'auth-facts'). */
  get names(): number {
    return this.wasm.names();
  }

  /** The text of the bytes [start, end) that a record names (offsets from IN), in a line that has facts: ASCII. */
  text(start: number, end: number): string {
    return Buffer.from(this.bytes.buffer, IN + start, end - start).toString('latin1');
  }

  /** The user name of number `n`: ASCII, as only ASCII lines have facts. */
  name(n: number): string {
    const at = (NAME_ENTRIES >> 2) + n * 3;
    const start = this.record[at];
    return Buffer.from(this.bytes.buffer, start, this.record[at + 1]).toString('latin1');
  }

  /** Visits the lines of `run` (lines without the final newline) the prefilter keeps; returns how many lines it holds. */
  lines(run: Buffer, visit: VisitLine): number {
    if (this.released) throw new Error('a scanner read after its release');
    const len = run.length;
    // A run read into chunkBuffer() is scanned where it lies; any other is copied in.
    const inPlace =
      run.buffer === this.bytes.buffer && run.byteOffset >= IN && run.byteOffset + len <= IN + CHUNK;
    if (!inPlace) {
      if (len > COPY_ROOM) throw new RangeError(`a run of ${len} bytes is longer than the scanner takes`);
      this.bytes.set(run, COPY);
    }
    const base = (inPlace ? run.byteOffset : COPY) - IN;
    // What follows the run (the rest of its chunk) reads as zeros while it is scanned.
    const after = IN + base + len;
    const saved = this.bytes.slice(after, after + PAD);
    this.bytes.fill(0, after, after + PAD);
    try {
      return this.scan(run, base, visit);
    } finally {
      this.bytes.set(saved, after);
    }
  }

  /** The scan of `run`, lying at IN + base; positions in the records count from IN. */
  private scan(run: Buffer, base: number, visit: VisitLine): number {
    const len = run.length;
    this.syncTime();
    let pos = 0;
    let index = 0;
    while (pos <= len) {
      pos = this.wasm.scan(this.kind, base + pos, base + len, index) - base;
      const kept = this.wasm.kept();
      const r = this.record;
      for (let k = 0, at = OUT; k < kept; k++, at += RECORD)
        visit(r[at + 1] - base, r[at + 2] - base, r[at], at);
      index = this.wasm.next();
      if (pos > len || this.wasm.reason() !== NEW_TIME || !this.newHour) continue;
      // An access line of a new hour: the JavaScript prefilter decides it and accepts its time if valid.
      const nl = run.indexOf(10, pos);
      const end = nl < 0 ? len : nl;
      if (!this.newHour.skip(run, pos, end)) visit(pos, end, index, -1);
      this.syncTime();
      pos = end + 1;
      index++;
    }
    return index;
  }

  private syncTime(): void {
    if (!this.newHour) return;
    this.bytes.set(this.newHour.time.last, 0);
    this.bytes[31] = this.newHour.time.known ? 1 : 0;
  }
}
