/**
 * The access-log prefilter over a whole run of lines at once, in WebAssembly (access-scan.wat):
 * the lines' ends found 16 bytes at a time and each line's verdict taken with no call per line,
 * where the JavaScript prefilter costs a native `indexOf` and a closure call per line. It decides
 * what the JavaScript one does (test/ingest/access-scan.test.ts holds them to the same verdicts),
 * and hands it the lines it cannot: the first of each hour, whose time only `clfTime` may accept.
 */

import type { ClfTimeCheck } from './access-log.ts';
import { ACCESS_SCAN_WASM } from './access-scan.wasm.ts';

type Exports = {
  memory: WebAssembly.Memory;
  scan(pos: number, len: number, index: number): number;
  kept(): number;
  next(): number;
  reason(): number;
};

const OUT = 64;
const IN = 1 << 20;
const PAGE = 1 << 16;
const NEW_TIME = 1;

let compiled: WebAssembly.Module | undefined;

/** A line the framer must deliver: its index in the run and its bytes [start, end). */
export type VisitLine = (start: number, end: number, index: number) => void;

export class AccessScan {
  private readonly wasm: Exports;
  private readonly skip: (bytes: Buffer, start: number, end: number) => boolean;
  private readonly time: ClfTimeCheck;
  private bytes: Uint8Array;
  private out: Int32Array;

  /** `skip` is the JavaScript prefilter, `time` the time check it updates. */
  constructor(skip: (bytes: Buffer, start: number, end: number) => boolean, time: ClfTimeCheck) {
    compiled ??= new WebAssembly.Module(Buffer.from(ACCESS_SCAN_WASM, 'base64'));
    this.wasm = new WebAssembly.Instance(compiled).exports as unknown as Exports;
    this.skip = skip;
    this.time = time;
    this.bytes = new Uint8Array(this.wasm.memory.buffer);
    this.out = new Int32Array(this.wasm.memory.buffer);
  }

  /** Visits the lines of `run` (lines without their final newline) the prefilter keeps; returns how many lines it holds. */
  lines(run: Buffer, visit: VisitLine): number {
    const len = run.length;
    if (IN + len > this.bytes.length) {
      this.wasm.memory.grow(Math.ceil((IN + len - this.bytes.length) / PAGE));
      this.bytes = new Uint8Array(this.wasm.memory.buffer);
      this.out = new Int32Array(this.wasm.memory.buffer);
    }
    this.bytes.set(run, IN);
    this.syncTime();
    let pos = 0;
    let index = 0;
    while (pos <= len) {
      pos = this.wasm.scan(pos, len, index);
      const kept = this.wasm.kept();
      for (let k = 0, at = OUT / 4; k < kept; k++, at += 3)
        visit(this.out[at + 1], this.out[at + 2], this.out[at]);
      index = this.wasm.next();
      if (pos > len || this.wasm.reason() !== NEW_TIME) continue;
      // A line of a new hour: the JavaScript prefilter decides it, and accepts its time if valid.
      const nl = run.indexOf(10, pos);
      const end = nl < 0 ? len : nl;
      if (!this.skip(run, pos, end)) visit(pos, end, index);
      this.syncTime();
      pos = end + 1;
      index++;
    }
    return index;
  }

  private syncTime(): void {
    this.bytes.set(this.time.last, 0);
    this.bytes[31] = this.time.known ? 1 : 0;
  }
}
