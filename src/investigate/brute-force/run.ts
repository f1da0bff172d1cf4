import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type ErrorInfo, errorInfo } from '../../core/errors.ts';
import { type AttemptColumns, BruteForceDetector, type LoginPolicy } from '../../detect/index.ts';
import { expandInputs, type FileReport, groupRotations, type LogStream } from '../../ingest/index.ts';
import { type AttemptBatch, fromBatch } from './attempt-batch.ts';
import { Channel } from './channel.ts';
import { buildFindings, type Finding } from './findings.ts';
import { type ProduceOptions, produceAttempts } from './produce.ts';
import type { WorkerInput, WorkerMessage } from './worker.ts';

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

type StreamFeed = { take(): Promise<AttemptColumns | undefined> };

/**
 * Answers "which addresses made more than N failed logins within any W", streaming, in bounded memory.
 *
 * With a second core the run moves off the main thread into a worker (which starts the parsing
 * workers): V8 sizes an isolate's young heap only when it creates it, and counting hundreds of
 * thousands of attempts grew the main thread's to ~90 MiB; in a worker it is capped like the
 * parsers' (measured at 4 GiB: heaps −40 MiB, peak RSS −15 to −25 MiB, no slower). Standard input
 * stays with this thread.
 */
export async function investigateBruteForce(q: BruteForceQuery): Promise<BruteForceReport> {
  const cores = q.threads === 0 ? availableParallelism() : q.threads;
  if (cores < 2 || q.inputs.includes('-')) return investigateHere(q);
  const { progress, ...question } = q;
  return new Promise((resolve, reject) => {
    const driver = new Worker(siblingUrl('driver'), {
      workerData: question satisfies DriverInput,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
    });
    driver.on('message', (m: DriverMessage) => {
      if (m.type === 'progress') progress?.(m.done, m.total);
      else resolve(m.report);
    });
    driver.on('error', reject);
    driver.on('exit', (code) => reject(new Error(`investigation worker exited (${code}) without a report`)));
  });
}

export type DriverInput = Omit<BruteForceQuery, 'progress'>;
export type DriverMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'report'; report: BruteForceReport };

/**
 * Young heap of every worker, in MiB: they make short-lived garbage only, and 16 MiB keeps it in
 * cache and RSS down (measured: −15% RSS, no slower, on bench/bruteforce at 1 GiB).
 */
const YOUNG_MB = 16;

/** The worker module next to this one: `.ts` when run from source, `.js` when compiled. */
function siblingUrl(name: string): URL {
  const here = import.meta.url;
  return new URL(`./${name}${here.endsWith('.ts') ? '.ts' : '.js'}`, here);
}

/** The investigation in this thread; parsing still goes to workers when there is a second core. */
export async function investigateHere(q: BruteForceQuery): Promise<BruteForceReport> {
  const { files, issues } = await expandInputs(q.inputs);
  const streams = groupRotations(files);
  const totalBytes = files.reduce((n, f) => n + (f.size ?? 0), 0);
  const opts: ProduceOptions = {
    parse: { tz: q.tz, year: q.year, format: q.format, logFormat: q.logFormat, interest: 'logins' },
    policy: q.policy,
    latenessMs: q.latenessMs,
  };
  const reports: FileReport[][] = streams.map(() => []);
  const progress = streams.map(() => 0);
  const onProgress = (id: number, bytes: number) => {
    progress[id] = bytes;
    q.progress?.(
      progress.reduce((a, b) => a + b, 0),
      totalBytes,
    );
  };
  let late = 0;

  // With a second core, even one stream pays to be parsed in a worker while this thread counts.
  const cores = q.threads === 0 ? availableParallelism() : q.threads;
  const workers = Math.min(streams.length, cores);
  const { feeds, finished } =
    cores > 1 && workers > 0 && !streams.some((s) => s.name === '-')
      ? startWorkers(streams, opts, workers, reports, onProgress, (n) => (late += n))
      : startInline(streams, opts, reports, onProgress, (n) => (late += n));

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
  const numbered = feeds.map((feed) => {
    // The stream's user numbers to the detector's.
    const users: number[] = [];
    return {
      async take() {
        const c = await feed.take();
        if (!c) return undefined;
        for (const name of c.users) users.push(detector.userNumber(name));
        for (let i = 0; i < c.user.length; i++) if (c.user[i] >= 0) c.user[i] = users[c.user[i]];
        return c;
      },
    };
  });
  await mergeInTimeOrder(numbered, (c, i) => {
    detector.addAt(c, i);
    attempts[c.flags[i] & 2 ? 'success' : 'failure'] += c.count[i];
  });
  const err = await failure;
  if (err) throw err;

  return {
    findings: buildFindings(detector.hits(), q.combined),
    files: reports.flat(),
    inputIssues: issues.map(errorInfo),
    streams: streams.map((s) => ({ name: s.name, files: s.files.map((f) => f.path) })),
    attempts,
    addresses: detector.distinctKeys,
    late,
  };
}

/** k-way merge of time-ordered streams into one time-ordered sequence, visited by (batch, index). */
async function mergeInTimeOrder(
  feeds: StreamFeed[],
  visit: (c: AttemptColumns, i: number) => void,
): Promise<void> {
  const heads = await Promise.all(feeds.map(async (f) => ({ feed: f, batch: await f.take(), i: 0 })));
  let live = heads.filter((h) => h.batch !== undefined);
  while (live.length > 0) {
    let h = live[0];
    for (let k = 1; k < live.length; k++) {
      const c = live[k];
      if ((c.batch as AttemptColumns).ts[c.i] < (h.batch as AttemptColumns).ts[h.i]) h = c;
    }
    const batch = h.batch as AttemptColumns;
    visit(batch, h.i++);
    if (h.i === batch.ts.length) {
      // Refill; skip empty batches. A stream that ends leaves the merge.
      do {
        h.batch = await h.feed.take();
        h.i = 0;
      } while (h.batch !== undefined && h.batch.ts.length === 0);
      if (h.batch === undefined) live = live.filter((x) => x !== h);
    }
  }
}

function startInline(
  streams: LogStream[],
  opts: ProduceOptions,
  reports: FileReport[][],
  onProgress: (id: number, bytes: number) => void,
  onLate: (n: number) => void,
) {
  const channels = streams.map(() => new Channel<AttemptColumns>(2));
  const finished = Promise.all(
    streams.map(async (stream, id) => {
      try {
        const late = await produceAttempts(stream, opts, {
          batch: (b) => channels[id].put(b),
          file: (r) => reports[id].push(r),
          progress: (b) => onProgress(id, b),
        });
        onLate(late);
      } finally {
        channels[id].close();
      }
    }),
  );
  return { feeds: channels as StreamFeed[], finished };
}

function startWorkers(
  streams: LogStream[],
  opts: ProduceOptions,
  threads: number,
  reports: FileReport[][],
  onProgress: (id: number, bytes: number) => void,
  onLate: (n: number) => void,
) {
  const channels = streams.map(() => new Channel<AttemptBatch>(Number.POSITIVE_INFINITY));
  const owner: Worker[] = [];
  // Balance by bytes: biggest streams first, each to the least-loaded worker.
  const load = Array.from({ length: threads }, () => 0);
  const assigned: WorkerInput['streams'][] = Array.from({ length: threads }, () => []);
  const order = streams.map((s, id) => ({ id, s, bytes: s.files.reduce((n, f) => n + (f.size ?? 0), 0) }));
  for (const { id, s, bytes } of order.sort((a, b) => b.bytes - a.bytes)) {
    const w = load.indexOf(Math.min(...load));
    load[w] += bytes;
    assigned[w].push({ id, stream: s });
  }
  const finished = Promise.all(
    assigned.map(
      (mine) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(siblingUrl('worker'), {
            workerData: { streams: mine, opts } satisfies WorkerInput,
            resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
          });
          for (const { id } of mine) owner[id] = worker;
          worker.on('message', (m: WorkerMessage) => {
            if (m.type === 'batch') void channels[m.id].put(m.batch);
            else if (m.type === 'file') reports[m.id].push(m.report as FileReport);
            else if (m.type === 'progress') onProgress(m.id, m.bytes);
            else if (m.type === 'done') {
              onLate(m.late);
              channels[m.id].close();
            } else if (m.type === 'failed') {
              channels[m.id].close();
              reject(new Error(`worker failed on stream ${streams[m.id].name}: ${m.message}`));
            }
          });
          worker.on('error', (err) => {
            for (const { id } of mine) channels[id].close();
            reject(err);
          });
          worker.on('exit', () => resolve());
        }),
    ),
  );
  const feeds: StreamFeed[] = channels.map((ch, id) => ({
    async take() {
      const batch = await ch.take();
      if (!batch) return undefined;
      owner[id].postMessage({ type: 'ack', id });
      return fromBatch(batch);
    },
  }));
  return { feeds, finished };
}
