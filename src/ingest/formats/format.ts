import type { Event } from '../../core/event.ts';

/** What a parser knows about the file it reads, and the user's overrides. */
export type FormatContext = {
  /** The path as the user will see it in evidence (`log.file.path`). */
  file: string;
  /** File modification time, used to infer the year of syslog timestamps. */
  mtimeMs?: number;
  /** `--year`: the year of the file's first syslog line, instead of inferring it. */
  year?: number;
  /** `--tz`: IANA zone for timestamps that carry none (syslog). Default 'UTC'. */
  tz: string;
  /** `--log-format`: a custom Nginx `log_format` or Apache `LogFormat` string. */
  logFormat?: string;
  /**
   * What the caller needs. 'logins': only events that can be login attempts (auth outcomes; web
   * requests that are 401/407, POSTs, or carry an authenticated user). A parser still checks every
   * line's shape, so bad lines are still counted, but may skip building events nobody will read,
   * and build the rest with only the fields that decide and locate an attempt. 'lines': every
   * event of 'all', and an event for each line a parser understands but would otherwise make none
   * of (for rules that search any line: another program's line in auth.log).
   * Default 'all'.
   */
  interest?: 'all' | 'logins' | 'lines';
  /**
   * With interest 'logins': where a parser that can sends its login outcomes as numbers instead
   * of as events (the auth parser does).
   */
  logins?: LoginSink;
};

/** Login outcomes as numbers: no event, address or user name string per attempt. */
export interface LoginSink {
  /**
   * `count` attempts at `ts` on line `line`, counted in the run summary as events `action:outcome`;
   * from `ipv4` (an IPv4 address as an unsigned number; -1 for another address, given as
   * `address`, or none) by user number `user` (-1: none).
   */
  login(
    action: string,
    success: boolean,
    ts: number,
    line: number,
    count: number,
    ipv4: number,
    address: string | undefined,
    user: number,
  ): void;
  /** Names the next user number: 0, 1, 2, … in each file. */
  user(name: string): void;
  /**
   * A web request that may be a login (a 401 or 407, or a POST), counted in the run summary as a
   * `web.access` event: its time, line and status, the path of a POST (else undefined), and its
   * client as `login` takes an address. No authenticated user: a line naming one is an event.
   */
  request(
    ts: number,
    line: number,
    status: number,
    postPath: string | undefined,
    ipv4: number,
    address: string | undefined,
  ): void;
}

/**
 * Parses one file's lines, in order. Stateful: a parser may hold a line back (to merge it with the
 * next one of the same attempt) and must release it by `end()`, after which it is not used (its
 * scanner goes to the thread's next parser).
 *
 * `parse` returns `undefined` when it understood the line (whether or not it emitted events: a
 * cron line in auth.log is understood and ignored) and a short reason when it did not.
 */
export interface LineParser {
  parse(line: string, lineNo: number, emit: (event: Event) => void): string | undefined;
  end?(emit: (event: Event) => void): void;
  /**
   * Optional, for speed when `interest` is 'logins': true when a line's raw bytes alone show it can
   * yield no event of interest — it is then counted but never decoded nor parsed, so its shape is
   * checked only as far as `skip` looks. Must return false whenever unsure (the line is then parsed).
   */
  skip?(bytes: Buffer, start: number, end: number): boolean;
  /**
   * Optional: `skip` over a whole run of lines (a buffer of lines without its final newline) at
   * once, for speed. Visits each line `skip` would keep — and any over 1 MiB — with its index in
   * the run, in order, but for those it read itself from their bytes (numbered from `firstLine`).
   */
  keptLines?(
    run: Buffer,
    firstLine: number,
    visit: (start: number, end: number, index: number) => void,
  ): KeptLines;
  /**
   * Optional, with `keptLines`: a buffer of 1 MiB in the parser's own memory for the framer to read
   * a plain file's chunks into, so `keptLines` needs no copy of them. Valid until the next chunk.
   */
  chunkBuffer?(): Buffer;
  /** Assumptions the parser made (year inferred from mtime, zone assumed, …), for the run summary. */
  notes?(): string[];
}

/** A run's lines: how many, and how many of the kept ones the parser read itself. */
export type KeptLines = { lines: number; read: number };

export interface Format {
  /** Short name used by `--format`: 'access', 'auth'. */
  readonly name: string;
  readonly description: string;
  /** How well sample lines from the start of a file fit this format: the fraction they parse, 0..1. */
  sniff(lines: string[], ctx: FormatContext): number;
  createParser(ctx: FormatContext): LineParser;
}
