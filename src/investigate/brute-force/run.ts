import { availableParallelism } from 'node:os';
import { type ErrorInfo, errorInfo } from '../../core/errors.ts';
import { type AttemptColumns, BruteForceDetector, type LoginPolicy } from '../../detect/index.ts';
import {
  expandInputs,
  type FileReport,
  groupRotations,
  type LogStream,
  sniffHead,
} from '../../ingest/index.ts';
import {
  type FeedEvents,
  type Feeds,
  inlineFeeds,
  joinFeeds,
  linkedFeeds,
  type StreamFeed,
  spawnParsers,
  streamBytes,
} from './feeds.ts';
import { buildFindings, type Finding } from './findings.ts';
import type { ProduceOptions } from './produce.ts';

export type BruteForceQuery = {
  inputs: string[];
  threshold: number;
  windowMs: number;
  combined: boolean;
  /** How far out of time order attempts may arrive and still be counted exactly. */
  latenessMs: number;
  tz: string;
  year?: number;
  format?: string;
  logFormat?: string;
  policy: LoginPolicy;
  /** Worker threads; 0 = one per core, 1 = all in this thread. */
  threads: number;
  progress?: (doneBytes: number, totalBytes: number) => void;
};

export type BruteForceReport = {
  findings: Finding[];
  files: FileReport[];
  inputIssues: ErrorInfo[];
  streams: { name: string; files: string[] }[];
  attempts: { failure: number; success: number };
  addresses: number;
  /** Attempts that arrived later than the lateness bound: counts may then be low. */
  late: number;
};

/** The streams to read, found before any thread starts. */
type StreamPlan = { streams: LogStream[]; issues: ErrorInfo[]; totalBytes: number };

/**
 * Answers "which addresses made more than N failed logins within any W", streaming, in bounded memory.
 *
 * With a second core, parsing workers produce the streams' attempts and this thread merges and
 * counts them as they come, linked by a MessagePort each; when the streams are enough to keep every
 * core parsing, this thread parses one of them too (`parsedHere`). Batches are numbers, so this
 * thread's young heap stays small (when they carried strings, it grew to ~90 MiB and counting moved
 * to a worker of its own; measured now: peak RSS at 4 GiB the same, at 1 GiB −10 MiB, one isolate
 * fewer to start). Standard input is read in this thread.
 */
export async function investigateBruteForce(q: BruteForceQuery): Promise<BruteForceReport> {
  const cores = q.threads === 0 ? availableParallelism() : q.threads;
  const { files, issues } = await expandInputs(q.inputs);
  const plan: StreamPlan = {
    streams: groupRotations(files),
    issues: issues.map(errorInfo),
    totalBytes: files.reduce((n, f) => n + (f.size ?? 0), 0),
  };
  const opts = produceOptions(q);
  const all = plan.streams.map((_, id) => id);
  if (cores < 2 || plan.streams.length === 0 || plan.streams.some((s) => s.name === '-'))
    return investigateHere(q, plan, (on) => inlineFeeds(plan.streams, all, opts, on));
  const here = await parsedHere(plan.streams, cores, q);
  const elsewhere = all.filter((id) => id !== here);
  const threads = Math.min(elsewhere.length, here === undefined ? cores : cores - 1);
  const parsers = spawnParsers(plan.streams, elsewhere, opts, threads);
  // A worker that dies unannounced closes its port, and linkedFeeds reports it; its error says why.
  let crash: unknown;
  for (const w of parsers.workers) w.on('error', (err) => (crash ??= err));
  try {
    return await investigateHere(q, plan, (on) =>
      joinFeeds([
        linkedFeeds(parsers.links, plan.streams, on),
        inlineFeeds(plan.streams, here === undefined ? [] : [here], opts, on),
      ]),
    );
  } catch (err) {
    throw crash ?? err;
  } finally {
    for (const w of parsers.workers) void w.terminate();
  }
}

/**
 * The stream this thread parses itself, beside the merge and the counting, when every core would
 * otherwise run a parsing worker: the largest access log. Its WebAssembly prefilter passes over
 * nearly every line and it yields few attempts, so it fits beside the counting, and one isolate
 * fewer starts and compiles (bench/bruteforce, 2 cores: −6% wall, −4% CPU, −25 MiB peak RSS; two
 * access logs, −6%). An auth log parsed here would make this thread the bottleneck (+10% with two
 * auth logs, +21% with an auth log beside a small access log): then every stream has a worker.
 * Undefined for none; else the stream's index in `streams`.
 */
export async function parsedHere(
  streams: LogStream[],
  cores: number,
  q: BruteForceQuery,
): Promise<number | undefined> {
  if (streams.length < cores) return undefined;
  const ctx = { tz: q.tz, year: q.year, logFormat: q.logFormat };
  // One format per stream: its newest part, usually not compressed, tells.
  const formats = await Promise.all(
    streams.map((s) => q.format ?? sniffHead(s.files[s.files.length - 1], ctx)),
  );
  let best: number | undefined;
  for (const [id, s] of streams.entries())
    if (formats[id] === 'access' && (best === undefined || streamBytes(s) > streamBytes(streams[best])))
      best = id;
  return best;
}

function produceOptions(q: BruteForceQuery): ProduceOptions {
  return {
    parse: { tz: q.tz, year: q.year, format: q.format, logFormat: q.logFormat, interest: 'logins' },
    policy: q.policy,
    latenessMs: q.latenessMs,
  };
}

/** The merge and the counting in this thread, over the feeds `start` gives. */
async function investigateHere(
  q: BruteForceQuery,
  plan: StreamPlan,
  start: (on: FeedEvents) => Feeds,
): Promise<BruteForceReport> {
  const { streams, totalBytes } = plan;
  const reports: FileReport[][] = streams.map(() => []);
  const progress = streams.map(() => 0);
  let late = 0;
  const { feeds, finished } = start({
    file: (id, report) => reports[id].push(report),
    progress(id, bytes) {
      progress[id] = bytes;
      q.progress?.(
        progress.reduce((a, b) => a + b, 0),
        totalBytes,
      );
    },
    late: (n) => (late += n),
  });

  // Surfaces a producer's failure after the merge, without an unhandled rejection meanwhile.
  const failure = finished.then(
    () => undefined,
    (err: unknown) => err,
  );
  const detector = new BruteForceDetector({
    threshold: q.threshold,
    windowMs: q.windowMs,
    combined: q.combined,
  });
  const attempts = { failure: 0, success: 0 };
  const numbered = feeds.map((feed) => new NumberedFeed(feed, detector));
  await mergeInTimeOrder(numbered, (c, i) => {
    detector.addAt(c, i);
    if (c.flags[i] & 2) attempts.success += c.count[i];
    else attempts.failure += c.count[i];
  });
  const err = await failure;
  if (err) throw err;

  return {
    findings: buildFindings(detector.hits(), q.combined),
    files: reports.flat(),
    inputIssues: plan.issues,
    streams: streams.map((s) => ({ name: s.name, files: s.files.map((f) => f.path) })),
    attempts,
    addresses: detector.distinctKeys,
    late,
  };
}

/**
 * A stream's feed with its user numbers turned into the detector's. A class, not a closure per
 * stream: the merge then calls one `take`, and V8 keeps its optimized code (a call site that sees
 * a second closure is deoptimized and compiled again).
 */
class NumberedFeed implements StreamFeed {
  private readonly feed: StreamFeed;
  private readonly detector: BruteForceDetector;
  /** The stream's user numbers to the detector's. */
  private readonly users: number[] = [];

  constructor(feed: StreamFeed, detector: BruteForceDetector) {
    this.feed = feed;
    this.detector = detector;
  }

  async take(): Promise<AttemptColumns | undefined> {
    const c = await this.feed.take();
    if (!c) return undefined;
    for (const name of c.users) this.users.push(this.detector.userNumber(name));
    for (let i = 0; i < c.user.length; i++) if (c.user[i] >= 0) c.user[i] = this.users[c.user[i]];
    return c;
  }
}

/** k-way merge of time-ordered streams into one time-ordered sequence, visited by (batch, index). */
async function mergeInTimeOrder(
  feeds: StreamFeed[],
  visit: (c: AttemptColumns, i: number) => void,
): Promise<void> {
  const firsts = await Promise.all(feeds.map(nonEmpty));
  let live: Head[] = [];
  feeds.forEach((feed, k) => {
    const batch = firsts[k];
    if (batch) live.push({ feed, batch, i: 0 });
  });
  while (live.length > 0) {
    let h = live[0];
    for (let k = 1; k < live.length; k++) {
      const c = live[k];
      if (c.batch.ts[c.i] < h.batch.ts[h.i]) h = c;
    }
    visit(h.batch, h.i++);
    if (h.i === h.batch.ts.length) {
      // Refill. A stream that ends leaves the merge; its head keeps a batch, so heads keep one shape.
      const next = await nonEmpty(h.feed);
      if (next) {
        h.batch = next;
        h.i = 0;
      } else live = live.filter((x) => x !== h);
    }
  }
}

type Head = { feed: StreamFeed; batch: AttemptColumns; i: number };

/** The feed's next batch that holds attempts, or undefined once it ends. */
async function nonEmpty(feed: StreamFeed): Promise<AttemptColumns | undefined> {
  let batch = await feed.take();
  while (batch !== undefined && batch.ts.length === 0) batch = await feed.take();
  return batch;
}
