import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { PicketError } from '../core/errors.ts';
import type { SourceFile } from './sources.ts';

/** A line the framer could not hand over as it was (it may still be delivered, repaired). */
export type FramingIssue = { line: number; reason: string };

export type ReadHandlers = {
  line: (text: string, lineNo: number) => void;
  issue: (issue: FramingIssue) => void;
  /** Raw bytes consumed so far (compressed bytes for gzip), for progress. */
  progress?: (bytes: number) => void;
  /** Checked between chunks: true ends the read early (the file turned out not to be a log). */
  stop?: () => boolean;
  /** Awaited after each chunk: lets the consumer pause the read (backpressure). */
  afterChunk?: () => Promise<void> | void;
  /**
   * The longest line handed over, in bytes (default MAX_LINE_BYTES); a longer one is reported and
   * skipped. JSON readers raise it: a CloudTrail log file is one document on one line, megabytes long.
   */
  maxLineBytes?: number;
  /**
   * Consulted per line once set: true means the line's bytes alone show it is of no interest, so it
   * is counted but neither decoded nor delivered (see LineParser.skip).
   */
  skip?: SkipLine;
  /** `skip` over a whole run at once (see LineParser.keptLines); used instead of `skip` when set. */
  keptLines?: (
    run: Buffer,
    firstLine: number,
    visit: (start: number, end: number, index: number) => void,
  ) => { lines: number; read: number };
  /**
   * Once set, where a plain file's next chunk (up to 1 MiB) is read: the parser's WebAssembly
   * memory (LineParser.chunkBuffer), so `keptLines` scans it where it lies.
   */
  chunkBuffer?: () => Buffer;
};

export type SkipLine = (bytes: Buffer, start: number, end: number) => boolean;

export type ReadSummary = {
  lines: number;
  /** Lines `skip` passed over unread. */
  skipped: number;
  bytes: number;
  gzip: boolean;
  error?: PicketError;
};

export const MAX_LINE_BYTES = 1 << 20;
const CHUNK = 1 << 20;

/**
 * Streams a file's lines in bounded memory: gzip is recognised by its magic bytes (never by name),
 * `\r\n` and a missing final newline are accepted, a line over 1 MiB is skipped and reported, and
 * invalid UTF-8 is reported and delivered with U+FFFD in place of the bad bytes. A read error or a
 * truncated archive ends the read with `error` set; every line read before it was delivered.
 */
export async function readLines(file: SourceFile, on: ReadHandlers): Promise<ReadSummary> {
  const raw = file.path === '-' ? process.stdin : fileChunks(file.path, () => on.chunkBuffer?.());
  let rawBytes = 0;
  const counted = (async function* () {
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      if (on.stop?.()) break;
      rawBytes += chunk.length;
      on.progress?.(rawBytes);
      yield chunk;
    }
  })();

  const summary: ReadSummary = { lines: 0, skipped: 0, bytes: 0, gzip: false };
  const framer = new LineFramer(on);
  try {
    const first = await counted.next();
    if (first.done) return summary;
    const head = first.value;
    const rest = (async function* () {
      yield head;
      yield* counted;
    })();
    if (head[0] === 0x1f && head[1] === 0x8b) {
      summary.gzip = true;
      // Loaded at the first gzip file: zlib and streams cost every thread that imports them ~10 ms.
      const [{ pipeline }, { createGunzip }] = await Promise.all([
        import('node:stream/promises'),
        import('node:zlib'),
      ]);
      await pipeline(rest, createGunzip({ chunkSize: CHUNK }), async (chunks: AsyncIterable<Buffer>) => {
        for await (const chunk of chunks) {
          framer.push(chunk);
          await on.afterChunk?.();
        }
      });
    } else {
      for await (const chunk of rest) {
        framer.push(chunk);
        await on.afterChunk?.();
      }
    }
    framer.end();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const truncated = summary.gzip && (e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message));
    summary.error = truncated
      ? new PicketError(
          'INPUT_TRUNCATED',
          `gzip stream ends early: read ${framer.lineNo} lines, then stopped`,
          { file: file.path, line: framer.lineNo + 1 },
          { cause: e },
        )
      : new PicketError(
          'INPUT_UNREADABLE',
          `read failed after ${framer.lineNo} lines: ${e.message}`,
          { file: file.path, line: framer.lineNo + 1 },
          { cause: e },
        );
    if (e.code === 'EISDIR' || e.code === 'EACCES' || e.code === 'ENOENT')
      summary.error = new PicketError(
        'INPUT_UNREADABLE',
        `cannot read (${e.code})`,
        { file: file.path },
        { cause: e },
      );
  }
  summary.lines = framer.lineNo;
  summary.skipped = framer.skipped;
  summary.bytes = rawBytes;
  return summary;
}

/**
 * A file's bytes in 1 MiB chunks. Plain text is read into one reused buffer — each chunk is framed
 * before the next read — saving an allocation per MiB and the GC work behind it, or into `target`
 * when it gives one; once the first bytes show gzip, every chunk is a buffer of its own, for the
 * inflater may hold on to it.
 */
async function* fileChunks(path: string, target: () => Buffer | undefined): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  try {
    let reused: Buffer | undefined;
    for (let first = true; ; first = false) {
      const buf = (reused && target()) ?? reused ?? Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) return;
      if (first && !(buf[0] === 0x1f && buf[1] === 0x8b)) reused = buf;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

/** Cuts byte chunks into lines. Decodes whole runs of complete lines at once, for speed. */
export class LineFramer {
  lineNo = 0;
  skipped = 0;
  /** The start of a line that continues into the next chunk: copies of its pieces, joined once whole. */
  private carry: Buffer[] = [];
  private carried = 0;
  private skipping = false; // inside an over-long line, dropping bytes until its end
  private on: ReadHandlers;
  private readonly max: number;

  constructor(on: ReadHandlers) {
    this.on = on;
    this.max = on.maxLineBytes ?? MAX_LINE_BYTES;
  }

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.skipping) {
      const nl = buf.indexOf(10);
      if (nl < 0) return;
      this.skipping = false;
      buf = buf.subarray(nl + 1);
    }
    if (this.carried > 0) {
      // Finish the carried line alone, so the rest of the chunk is never copied.
      const nl = buf.indexOf(10);
      if (nl < 0) {
        this.hold(buf);
        return;
      }
      if (this.carried + nl > this.max) this.tooLong();
      else this.emitRun(Buffer.concat([...this.carry, buf.subarray(0, nl)]));
      this.carry = [];
      this.carried = 0;
      buf = buf.subarray(nl + 1);
    }
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      this.hold(buf);
      return;
    }
    this.emitRun(buf.subarray(0, last));
    if (last + 1 < buf.length) this.hold(buf.subarray(last + 1));
  }

  end(): void {
    if (this.carried > 0) this.emitRun(Buffer.concat(this.carry));
    this.carry = [];
    this.carried = 0;
  }

  /** Keeps the start of a line whose end is in a later chunk, or drops the line once too long. */
  private hold(rest: Buffer): void {
    if (this.carried + rest.length <= this.max) {
      this.carry.push(Buffer.from(rest)); // copy: the chunk it points into is otherwise kept alive
      this.carried += rest.length;
      return;
    }
    this.carry = [];
    this.carried = 0;
    this.tooLong();
    this.skipping = true;
  }

  private tooLong(): void {
    this.lineNo++;
    this.on.issue({ line: this.lineNo, reason: `line longer than ${this.max} bytes, skipped` });
  }

  /** `run` holds whole lines without the final newline. */
  private emitRun(run: Buffer): void {
    if (this.on.keptLines) {
      this.emitKeptLines(run, this.on.keptLines);
      return;
    }
    if (this.on.skip) {
      this.emitRunSkipping(run, this.on.skip);
      return;
    }
    // Invalid UTF-8 is rare: such a run goes line by line on its bytes, so each line is judged
    // on its own (a U+FFFD the log really holds is no error).
    if (!isUtf8(run)) {
      this.emitRunSkipping(run, () => false);
      return;
    }
    const text = run.toString('utf8');
    const { line, issue } = this.on;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      let s = text.slice(start, end);
      if (s.length > 0 && s.charCodeAt(s.length - 1) === 13) s = s.slice(0, -1);
      this.lineNo++;
      // In bytes, as a line carried across chunks is measured (a UTF-16 unit is at most 3 bytes).
      if (s.length * 3 > this.max && Buffer.byteLength(s) > this.max)
        issue({ line: this.lineNo, reason: `line longer than ${this.max} bytes, skipped` });
      else line(s, this.lineNo);
      if (nl < 0) return;
      start = nl + 1;
      if (this.on.keptLines || this.on.skip) {
        // The lines so far told the parser (the format is sniffed from a file's first ones): the
        // rest of the run goes its way, not through the text parser.
        this.emitRun(
          run.subarray(text.length === run.length ? start : Buffer.byteLength(text.slice(0, start))),
        );
        return;
      }
    }
  }

  /** Only the lines `keptLines` visits are decoded; the others were read by the parser or skipped. */
  private emitKeptLines(run: Buffer, keptLines: NonNullable<ReadHandlers['keptLines']>): void {
    const base = this.lineNo;
    let delivered = 0;
    const { lines, read } = keptLines(run, base + 1, (start, end, index) => {
      delivered++;
      this.deliver(run, start, end, base + index + 1);
    });
    this.lineNo = base + lines;
    this.skipped += lines - delivered - read;
  }

  /**
   * Line by line on the bytes: only lines `skip` keeps are decoded. Worth it when most lines are
   * skipped (a 200 GET when only logins matter); the native `indexOf` finds each line's end.
   */
  private emitRunSkipping(run: Buffer, skip: SkipLine): void {
    let start = 0;
    while (start <= run.length) {
      const nl = run.indexOf(10, start);
      const end = nl < 0 ? run.length : nl;
      this.lineNo++;
      if (end - start <= this.max && skip(run, start, end)) this.skipped++;
      else this.deliver(run, start, end, this.lineNo);
      if (nl < 0) return;
      start = nl + 1;
    }
  }

  /**
   * Hands over the line `run[start, end)` (its `\r` dropped), or reports it when too long. Its
   * UTF-8 is judged on its own bytes, so a U+FFFD the log really holds is no error; an ASCII line
   * decodes to a one-byte string, where `includes` answers at once.
   */
  private deliver(run: Buffer, start: number, end: number, lineNo: number): void {
    if (end - start > this.max) {
      this.on.issue({ line: lineNo, reason: `line longer than ${this.max} bytes, skipped` });
      return;
    }
    const e = end > start && run[end - 1] === 13 ? end - 1 : end;
    const s = run.toString('utf8', start, e);
    if (s.includes('\uFFFD') && !isUtf8(run.subarray(start, e)))
      this.on.issue({ line: lineNo, reason: 'invalid UTF-8 (bad bytes read as U+FFFD)' });
    this.on.line(s, lineNo);
  }
}
