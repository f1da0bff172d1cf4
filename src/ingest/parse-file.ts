import { type ErrorInfo, errorInfo, PicketError } from '../core/errors.ts';
import type { Event } from '../core/event.ts';
import type { Format, FormatContext, LineParser, LoginSink } from './formats/format.ts';
import { bestFormat, FORMATS, formatByName, SNIFF_LINES } from './formats/index.ts';
import { type ReadHandlers, readLines } from './read-lines.ts';
import type { SourceFile } from './sources.ts';

/** A line Picket could not use, with why, kept as a sample for the run summary. */
export type LineSample = { line: number; reason: string; text: string };

/** What reading one file gave: counts for the summary, samples of bad lines, assumptions, errors. */
export type FileReport = {
  path: string;
  format?: string;
  gzip: boolean;
  bytes: number;
  lines: number;
  /** Lines the parser's byte prefilter passed over unread (only when interest is 'logins'). */
  skipped: number;
  events: number;
  eventsByType: Record<string, number>;
  /** Lines no parser understood: counted, the first few kept. */
  notUnderstood: number;
  notUnderstoodSamples: LineSample[];
  /** Lines delivered repaired (invalid UTF-8) or dropped by the framer (too long). */
  framingIssues: number;
  framingSamples: LineSample[];
  notes: string[];
  error?: ErrorInfo;
};

export type ParseOptions = Omit<FormatContext, 'file' | 'mtimeMs'> & {
  /** `--format`: skip sniffing. */
  format?: string;
  progress?: (bytes: number) => void;
  /** Awaited after each chunk of lines: where a consumer applies backpressure. */
  afterChunk?: () => Promise<void> | void;
};

const SAMPLES = 3;

/**
 * Reads, sniffs and parses one file, handing each event to `onEvent` in file order — or, with
 * `opts.logins` and interest 'logins', the login outcomes of parsers that can to `opts.logins`.
 */
export async function parseFile(
  file: SourceFile,
  opts: ParseOptions,
  onEvent: (e: Event) => void,
): Promise<FileReport> {
  const display = displayPath(file);
  const ctx: FormatContext = {
    file: display,
    mtimeMs: file.mtimeMs,
    year: opts.year,
    tz: opts.tz,
    logFormat: opts.logFormat,
    interest: opts.interest,
  };
  const report: FileReport = {
    path: display,
    gzip: false,
    bytes: 0,
    lines: 0,
    skipped: 0,
    events: 0,
    eventsByType: {},
    notUnderstood: 0,
    notUnderstoodSamples: [],
    framingIssues: 0,
    framingSamples: [],
    notes: [],
  };
  const counts = new EventCounts();
  const emit = (e: Event) => {
    counts.count(e['event.action'] ?? e['event.dataset'], e['event.outcome']);
    onEvent(e);
  };
  if (opts.logins && opts.interest === 'logins') ctx.logins = new CountedLogins(opts.logins, counts);

  let parser: LineParser | undefined;
  let stopped = false;
  let pending: { text: string; lineNo: number }[] | undefined = [];
  const parse = (text: string, lineNo: number) => {
    const reason = (parser as LineParser).parse(text, lineNo, emit);
    if (reason !== undefined) {
      report.notUnderstood++;
      if (report.notUnderstoodSamples.length < SAMPLES)
        report.notUnderstoodSamples.push({ line: lineNo, reason, text: clip(text) });
    }
  };
  const decide = () => {
    const sample = (pending ?? []).map((p) => p.text);
    const chosen = opts.format ? formatByName(opts.format) : sniff(sample, ctx);
    if (chosen instanceof PicketError) {
      report.error = errorInfo(chosen);
      stopped = true;
    } else {
      report.format = chosen.name;
      parser = chosen.createParser(ctx);
      for (const p of pending ?? []) parse(p.text, p.lineNo);
      handlers.skip = parser.skip?.bind(parser);
      handlers.keptLines = parser.keptLines?.bind(parser);
      handlers.chunkBuffer = parser.chunkBuffer?.bind(parser);
    }
    pending = undefined;
  };

  const handlers: ReadHandlers = {
    line: (text, lineNo) => {
      if (stopped) return;
      if (pending) {
        pending.push({ text, lineNo });
        if (pending.length >= SNIFF_LINES) decide();
      } else parse(text, lineNo);
    },
    issue: (i) => {
      report.framingIssues++;
      if (report.framingSamples.length < SAMPLES)
        report.framingSamples.push({ line: i.line, reason: i.reason, text: '' });
    },
    progress: opts.progress,
    afterChunk: opts.afterChunk,
    stop: () => stopped,
  };
  const read = await readLines(file, handlers);
  if (pending && pending.length > 0) decide();
  if (read.lines === 0 && !read.error) report.notes.push(`${display}: empty, nothing to read`);
  parser?.end?.(emit);
  report.notes.push(...(parser?.notes?.() ?? []));
  if (!stopped && read.error) report.error = errorInfo(read.error);
  Object.assign(report, { gzip: read.gzip, bytes: read.bytes, lines: read.lines, skipped: read.skipped });
  report.events = counts.events;
  report.eventsByType = counts.byType();
  return report;

  function sniff(sample: string[], c: FormatContext): Format | PicketError {
    const best = bestFormat(sample, c);
    if (best) return best;
    const where = { file: display, line: 1 };
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control bytes are what marks binary data
    const binary = sample.filter((l) => /[\u0000-\u0008\u000e-\u001f\uFFFD]/.test(l)).length;
    if (binary * 2 > sample.length)
      return new PicketError('INPUT_BINARY', 'binary data, not a log: skipped', where);
    const names = FORMATS.map((f) => f.name).join(', ');
    const tried =
      c.logFormat === undefined ? `tried ${names}; use --format` : `its lines do not match --log-format`;
    return new PicketError(
      'FORMAT_UNKNOWN',
      `not a format Picket reads (${tried}): '${clip(sample[0] ?? '', 80)}'`,
      where,
    );
  }
}

/**
 * Events counted by type, under the last type while action and outcome repeat: no string built,
 * no lookup per event.
 */
class EventCounts {
  events = 0;
  private readonly counted = new Map<string, number>();
  private action = '';
  private outcome: string | undefined;
  private type = '';
  private n = 0;

  count(action: string, outcome: string | undefined): void {
    this.events++;
    if (action !== this.action || outcome !== this.outcome) {
      this.tally();
      this.action = action;
      this.outcome = outcome;
      this.type = outcome ? `${action}:${outcome}` : action;
    }
    this.n++;
  }

  byType(): Record<string, number> {
    this.tally();
    return Object.fromEntries(this.counted);
  }

  private tally(): void {
    if (this.n > 0) this.counted.set(this.type, (this.counted.get(this.type) ?? 0) + this.n);
    this.n = 0;
  }
}

/**
 * A login sink that counts what it is given as events. A class, not closures per file: the
 * parsers call one `login` whichever file they read, and V8 keeps the code that inlined it.
 */
class CountedLogins implements LoginSink {
  private readonly logins: LoginSink;
  private readonly counts: EventCounts;

  constructor(logins: LoginSink, counts: EventCounts) {
    this.logins = logins;
    this.counts = counts;
  }

  login(
    action: string,
    success: boolean,
    ts: number,
    line: number,
    n: number,
    ipv4: number,
    address: string | undefined,
    user: number,
  ): void {
    this.counts.count(action, success ? 'success' : 'failure');
    this.logins.login(action, success, ts, line, n, ipv4, address, user);
  }

  user(name: string): void {
    this.logins.user(name);
  }

  request(
    ts: number,
    line: number,
    status: number,
    postPath: string | undefined,
    ipv4: number,
    address: string | undefined,
  ): void {
    this.counts.count('web.access', undefined);
    this.logins.request(ts, line, status, postPath, ipv4, address);
  }
}

/** How a file is named in evidence (`log.file.path`) and reports. */
export function displayPath(file: SourceFile): string {
  return file.path === '-' ? '<stdin>' : file.path;
}

function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
