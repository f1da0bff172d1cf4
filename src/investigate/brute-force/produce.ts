import { ipv4Number } from '../../core/ip.ts';
import type { AttemptColumns, LoginPolicy } from '../../detect/index.ts';
import { loginAttemptOf, ReorderBuffer } from '../../detect/index.ts';
import type { FileReport, LoginSink, LogStream, ParseOptions } from '../../ingest/index.ts';
import { displayPath, parseFile } from '../../ingest/index.ts';
import { type Attempt, attemptColumns } from './attempt-batch.ts';

export type ProduceOptions = {
  parse: Omit<ParseOptions, 'progress' | 'afterChunk' | 'logins'>;
  policy: LoginPolicy;
  latenessMs: number;
};

export type ProduceSink = {
  /** Attempts in time order; awaiting it is the backpressure. */
  batch(attempts: AttemptColumns): Promise<void> | void;
  file(report: FileReport): void;
  progress?(bytes: number): void;
};

/**
 * One log stream (its rotated parts, oldest first) → its login attempts in time order, as numbers.
 * Runs the same in the main thread or in a worker. Returns how many attempts came later than
 * the lateness bound allows.
 */
export async function produceAttempts(
  stream: LogStream,
  opts: ProduceOptions,
  sink: ProduceSink,
): Promise<number> {
  const reorder = new ReorderBuffer<Attempt>(opts.latenessMs);
  let batch: Attempt[] = [];
  // User names get numbers in the stream, sent along with the first batch that may use them.
  const userNumbers = new Map<string, number>();
  let newUsers: string[] = [];
  const userNumber = (name: string) => {
    let n = userNumbers.get(name);
    if (n === undefined) {
      n = userNumbers.size;
      userNumbers.set(name, n);
      newUsers.push(name);
    }
    return n;
  };
  const release = (a: Attempt) => batch.push(a);
  const flush = async () => {
    if (batch.length === 0) return;
    const columns = attemptColumns(batch, newUsers);
    batch = [];
    newUsers = [];
    await sink.batch(columns);
  };
  let doneBytes = 0;
  for (const file of stream.files) {
    const path = displayPath(file);
    // The parser's user numbers, per file, to the stream's.
    const fileUsers: number[] = [];
    const logins: LoginSink = {
      login(_action, success, ts, line, count, ipv4, other, user) {
        if (ipv4 < 0 && other === undefined) return; // no address: no attempt
        const flags = 1 | (success ? 2 : 0);
        const u = user < 0 ? -1 : fileUsers[user];
        reorder.push({ ts, line, count, flags, file: path, ipv4, other, user: u }, release);
      },
      user: (name) => fileUsers.push(userNumber(name)),
    };
    const report = await parseFile(
      file,
      { ...opts.parse, logins, afterChunk: flush, progress: (b) => sink.progress?.(doneBytes + b) },
      (e) => {
        const a = loginAttemptOf(e, opts.policy);
        if (!a) return;
        const ipv4 = ipv4Number(a.address);
        reorder.push(
          {
            ts: a.ts,
            line: a.line,
            count: a.count,
            flags: (a.log === 'ssh' ? 1 : 0) | (a.outcome === 'success' ? 2 : 0),
            file: a.file,
            ipv4,
            other: ipv4 < 0 ? a.address : undefined,
            user: a.user === undefined ? -1 : userNumber(a.user),
          },
          release,
        );
      },
    );
    doneBytes += report.bytes;
    sink.file(report);
  }
  reorder.flush(release);
  await flush();
  return reorder.late;
}
