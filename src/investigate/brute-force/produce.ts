import type { LoginAttempt, LoginPolicy } from '../../detect/index.ts';
import { loginAttemptOf, ReorderBuffer } from '../../detect/index.ts';
import type { FileReport, LogStream, ParseOptions } from '../../ingest/index.ts';
import { parseFile } from '../../ingest/index.ts';

export type ProduceOptions = {
  parse: Omit<ParseOptions, 'progress' | 'afterChunk'>;
  policy: LoginPolicy;
  latenessMs: number;
};

export type ProduceSink = {
  /** Attempts in time order; awaiting it is the backpressure. */
  batch(attempts: LoginAttempt[]): Promise<void> | void;
  file(report: FileReport): void;
  progress?(bytes: number): void;
};

/**
 * One log stream (its rotated parts, oldest first) → its login attempts in time order.
 * Runs the same in the main thread or in a worker. Returns how many attempts came later than
 * the lateness bound allows.
 */
export async function produceAttempts(
  stream: LogStream,
  opts: ProduceOptions,
  sink: ProduceSink,
): Promise<number> {
  const reorder = new ReorderBuffer<LoginAttempt>(opts.latenessMs);
  let batch: LoginAttempt[] = [];
  const release = (a: LoginAttempt) => batch.push(a);
  const flush = async () => {
    if (batch.length === 0) return;
    const full = batch;
    batch = [];
    await sink.batch(full);
  };
  let doneBytes = 0;
  for (const file of stream.files) {
    const report = await parseFile(
      file,
      { ...opts.parse, afterChunk: flush, progress: (b) => sink.progress?.(doneBytes + b) },
      (e) => {
        const a = loginAttemptOf(e, opts.policy);
        if (a) reorder.push(a, release);
      },
    );
    doneBytes += report.bytes;
    sink.file(report);
  }
  reorder.flush(release);
  await flush();
  return reorder.late;
}
