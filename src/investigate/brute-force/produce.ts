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
  const logins = new StreamLogins(order, opts.policy, userNumber);
  for (const file of stream.files) {
    logins.startFile(displayPath(file));
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

/**
 * The parsers' login outcomes to attempts, one object for every file of a stream: V8 then sees
 * one `login` to call whichever file is read (a sink per file was a new closure at each file,
 * and the parser's compiled code, which had inlined the first, was thrown away).
 */
class StreamLogins implements LoginSink {
  private readonly order: AttemptOrder;
  private readonly policy: LoginPolicy;
  private readonly userNumber: (name: string) => number;
  /** The file being read, as evidence names it. */
  private path = '';
  /** The parser's user numbers, for this file, to the stream's. */
  private fileUsers: number[] = [];

  constructor(order: AttemptOrder, policy: LoginPolicy, userNumber: (name: string) => number) {
    this.order = order;
    this.policy = policy;
    this.userNumber = userNumber;
  }

  startFile(path: string): void {
    this.path = path;
    this.fileUsers = [];
  }

  login(
    _action: string,
    success: boolean,
    ts: number,
    line: number,
    count: number,
    ipv4: number,
    other: string | undefined,
    user: number,
  ): void {
    if (ipv4 < 0 && other === undefined) return; // no address: no attempt
    const u = user < 0 ? -1 : this.fileUsers[user];
    this.order.push(ts, line, count, 1 | (success ? 2 : 0), this.path, ipv4, other, u);
  }

  user(name: string): void {
    this.fileUsers.push(this.userNumber(name));
  }

  request(
    ts: number,
    line: number,
    status: number,
    postPath: string | undefined,
    ipv4: number,
    other: string | undefined,
  ): void {
    if (ipv4 < 0 && !other) return; // no address: no attempt
    const outcome = webOutcome(status, postPath, false, this.policy);
    if (outcome) this.order.push(ts, line, 1, outcome === 'success' ? 2 : 0, this.path, ipv4, other, -1);
  }
}
