import { ipv4Number } from '../../core/ip.ts';
import type { AttemptColumns, LoginPolicy } from '../../detect/index.ts';
import { loginAttemptOf, webOutcome } from '../../detect/index.ts';
import type { FileReport, LoginSink, LogStream, ParseOptions } from '../../ingest/index.ts';
import { displayPath, parseFile } from '../../ingest/index.ts';
import { AttemptOrder } from './attempt-order.ts';

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
  const order = new AttemptOrder(opts.latenessMs);
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
  const flush = async () => {
    const batch = order.take(newUsers);
    if (!batch) return;
    newUsers = [];
    await sink.batch(batch);
  };
  let doneBytes = 0;
  for (const file of stream.files) {
    const path = displayPath(file);
    // The parser's user numbers, per file, to the stream's.
    const fileUsers: number[] = [];
    const logins: LoginSink = {
      login(_action, success, ts, line, count, ipv4, other, user) {
        if (ipv4 < 0 && other === undefined) return; // no address: no attempt
        order.push(
          ts,
          line,
          count,
          1 | (success ? 2 : 0),
          path,
          ipv4,
          other,
          user < 0 ? -1 : fileUsers[user],
        );
      },
      user: (name) => fileUsers.push(userNumber(name)),
      request(ts, line, status, postPath, ipv4, other) {
        if (ipv4 < 0 && !other) return; // no address: no attempt
        const outcome = webOutcome(status, postPath, false, opts.policy);
        if (outcome) order.push(ts, line, 1, outcome === 'success' ? 2 : 0, path, ipv4, other, -1);
      },
    };
    const report = await parseFile(
      file,
      { ...opts.parse, logins, afterChunk: flush, progress: (b) => sink.progress?.(doneBytes + b) },
      (e) => {
        const a = loginAttemptOf(e, opts.policy);
        if (!a) return;
        const ipv4 = ipv4Number(a.address);
        order.push(
          a.ts,
          a.line,
          a.count,
          (a.log === 'ssh' ? 1 : 0) | (a.outcome === 'success' ? 2 : 0),
          a.file,
          ipv4,
          ipv4 < 0 ? a.address : undefined,
          a.user === undefined ? -1 : userNumber(a.user),
        );
      },
    );
    doneBytes += report.bytes;
    sink.file(report);
  }
  order.flush();
  await flush();
  return order.late;
}
