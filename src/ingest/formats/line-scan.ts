/**
 * The byte prefilters of the access and auth parsers over a whole run of lines at once, in
 * WebAssembly (line-scan.wat): the lines' ends found 16 bytes at a time and each line's verdict
 * taken with no call per line, where the JavaScript prefilters cost a native `indexOf` and a
 * closure call per line. They decide what the JavaScript ones do (test/ingest/line-scan.test.ts
 * holds them to the same verdicts). The access prefilter hands the JavaScript one the lines it
 * cannot decide: the first of each hour, whose time only `clfTime` may accept.
 */
import type { ClfTimeCheck } from './access-log.ts';
import { LINE_SCAN_WASM } from './line-scan.wasm.ts';

type Exports = {
  memory: WebAssembly.Memory;
  scan(kind: number, pos: number, len: number, index: number): number;
  kept(): number;
  next(): number;
  reason(): number;
};

const OUT = 64;
const IN = 1 << 20;
/** Zero bytes after a run: what the prefilters read past its end (JavaScript reads undefined). */
const PAD = 64;
const PAGE = 1 << 16;
const NEW_TIME = 1;
const KIND = { access: 0, auth: 1 };

let compiled: WebAssembly.Module | undefined;

/** A line the framer must deliver: its bytes [start, end) and its index in the run. */
export type VisitLine = (start: number, end: number, index: number) => void;

/** For the access prefilter: the JavaScript one, and the time check it keeps. */
export type NewHour = { skip: (bytes: Buffer, start: number, end: number) => boolean; time: ClfTimeCheck };

export class LineScan {
  private readonly wasm: Exports;
  private readonly kind: number;
  private readonly newHour?: NewHour;
  private bytes: Uint8Array;
  private out: Int32Array;

  constructor(kind: keyof typeof KIND, newHour?: NewHour) {
    compiled ??= new WebAssembly.Module(Buffer.from(LINE_SCAN_WASM, 'base64'));
    this.wasm = new WebAssembly.Instance(compiled).exports as unknown as Exports;
    this.kind = KIND[kind];
    this.newHour = newHour;
    this.bytes = new Uint8Array(this.wasm.memory.buffer);
    this.out = new Int32Array(this.wasm.memory.buffer);
  }

  /** Visits the lines of `run` (lines without the final newline) the prefilter keeps; returns how many lines it holds. */
  lines(run: Buffer, visit: VisitLine): number {
    const len = run.length;
    if (IN + len + PAD > this.bytes.length) {
      this.wasm.memory.grow(Math.ceil((IN + len + PAD - this.bytes.length) / PAGE));
      this.bytes = new Uint8Array(this.wasm.memory.buffer);
      this.out = new Int32Array(this.wasm.memory.buffer);
    }
    this.bytes.set(run, IN);
    this.bytes.fill(0, IN + len, IN + len + PAD);
    this.syncTime();
    let pos = 0;
    let index = 0;
    while (pos <= len) {
      pos = this.wasm.scan(this.kind, pos, len, index);
      const kept = this.wasm.kept();
      for (let k = 0, at = OUT / 4; k < kept; k++, at += 3)
        visit(this.out[at + 1], this.out[at + 2], this.out[at]);
      index = this.wasm.next();
      if (pos > len || this.wasm.reason() !== NEW_TIME || !this.newHour) continue;
      // An access line of a new hour: the JavaScript prefilter decides it and accepts its time if valid.
      const nl = run.indexOf(10, pos);
      const end = nl < 0 ? len : nl;
      if (!this.newHour.skip(run, pos, end)) visit(pos, end, index);
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
