/**
 * OpenSSH lines of auth.log (Debian, Ubuntu) and secure (RHEL): `<timestamp> <host> <tag>: <message>`
 * with tag `sshd[pid]`, the old `sshd(pam_unix)[pid]`, `sshd-session[pid]` (OpenSSH ≥ 9.8) or a bare
 * `sshd`. Other programs' lines (CRON, sudo, su, systemd, …) are understood and ignored.
 *
 * What each sshd line counts for is docs/DEFINITIONS.md's table. The one subtle row: a pam_unix
 * `authentication failure` and the `Failed …` line sshd logs right after it are one attempt, so a pam
 * failure is held per pid until a `Failed` line of that pid cancels it, or it is released as an
 * attempt of its own (after PAIR_MS of log time, when the pid logs another pam failure or `PAM N more`,
 * when too many pids wait, or at the end of the file). Read from its facts, a pam failure the scan
 * saw met by its pid's `Failed` line soon after (line-scan.wat $pair) is not held at all, when
 * holding it could change nothing else.
 */

import { isIP } from 'node:net';
import type { Event } from '../../core/event.ts';
import { ipv4Number, isIPv4 } from '../../core/ip.ts';
import { MAX_LINE_BYTES } from '../read-lines.ts';
import type { Format, FormatContext, KeptLines, LineParser, LoginSink } from './format.ts';
import { LineScan, type VisitLine } from './line-scan.ts';
import { SyslogTime } from './syslog-time.ts';

/** sshd logs `Failed` within the PAM delay (~2 s) of pam_unix's line; a minute is ample. */
const PAIR_MS = 60_000;
/** `PAM N more` closes a connection; LoginGraceTime (120 s by default) bounds how long ago its `Failed` lines were. */
const FAILED_MEMORY_MS = 600_000;
/** Waiting pam failures are looked at once per second of log time, not per line: walking a Map's head costs. */
const SWEEP_MS = 1000;
/** Stale `Failed` marks only take memory (their age is checked when read): forgotten once a minute. */
const FORGET_MS = 60_000;
/** Bounds both per-pid maps: beyond it the oldest entry is released (pending) or forgotten (Failed seen). */
const MAX_PIDS = 10_000;

// Sticky regexes match at `lastIndex`, so the message is never sliced out of the line. User names
// may hold spaces, so `(.*)` is greedy: the address is the last ` from X port N`, which sshd wrote.
const FAILED =
  /Failed (\S+) for ((?:invalid|illegal) user )?(.*) from (\S+) port (\d+)(?: ssh[12])?(?::.*)?$/y;
const ACCEPTED = /Accepted (\S+) for (.*) from (\S+) port (\d+)(?: ssh[12])?(?::.*)?$/y;
// Informational lines (no attempt counted), by first character. Groups: 1 invalid-user marker
// (or `authenticating`), 2 user, 3 address, 4 port.
const INFO = new Map<number, { re: RegExp; action: string }>([
  [73, { re: /((?:Invalid|Illegal) user )(.*) from (\S+?)(?: port (\d+))?$/y, action: 'ssh_invalid_user' }],
  [
    101,
    {
      re: /error: maximum authentication attempts exceeded for ((?:invalid|illegal) user )?(.*) from (\S+) port (\d+)/y,
      action: 'ssh_max_auth_exceeded',
    },
  ],
  [
    68,
    {
      // OpenSSH ≥ 7.x says `Disconnecting invalid user U IP port N: Too many …`; older ones name no address.
      re: /Disconnecting(?: (invalid|authenticating) user (.*) (\S+) port (\d+))?: Too many authentication failures/y,
      action: 'ssh_max_auth_exceeded',
    },
  ],
  [
    67,
    {
      // The port is optional (OpenSSH < 7.5), so the user is lazy: the shortest user leaving `IP [port N] [preauth]`.
      re: /Connection closed by (?:(invalid|authenticating) user (.*?) )?(\S+?)(?: port (\d+))? \[preauth\]$/y,
      action: 'ssh_connection_closed',
    },
  ],
]);
const PAM_FAILURE = /(?:pam_unix\(sshd:auth\): )?authentication failure;/y;
const PAM_MORE = /(?:PAM |pam_unix\(sshd:auth\): )?(\d+) more authentication failures?;/y;
const RHOST = /\brhost=(\S*)\s*(?:user=(\S+))?/;
const REPEATED = /message repeated (\d+) times: \[\s*(.*?)\s*\]$/y;

/** Where an event comes from: the line being parsed, or a pam failure's own line while it waits. */
type LineContext = { line: string; lineNo: number; ts: number; host: string; proc: string; pid?: number };

/**
 * A pam failure waiting for its `Failed` line: its event is built only if it is released. Read
 * from its facts (line-scan.wat), it holds the numbers of its login instead of its text.
 */
type Pending = { ts: number; count: number } & (
  | { at: LineContext; text: string }
  | { line: number; ipv4: number; other: string | undefined; user: number }
);

/** The facts of a line, as line-scan.wat writes them in its record. */
const [FACT, COUNT, PID, CLOCK, IPV4, USER, ADDRESS, ADDRESS_START, ADDRESS_END] = [
  3, 4, 5, 6, 7, 8, 9, 10, 11,
];
const [FAILED_FACT, PAM_FAILURE_FACT, PAM_MORE_FACT, PAIRED_PAM_FACT, ACCEPTED_FACT] = [1, 2, 3, 4, 5];
/** A pam failure of fact 4 has its `Failed` line within this many kept lines (line-scan.wat $pair). */
const PAIRED_WITHIN = 256;

function exec(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

/** A syslog tag: the program, and its pid in brackets (`CRON[3310]`, `sudo`). */
const TAG = /^([^[\s]+)(?:\[(\d+)\])?$/;

/** Sets `event.count` only when it is not the default 1. */
function withCount(e: Event, count: number): Event {
  if (count !== 1) e['event.count'] = count;
  return e;
}

class AuthLogParser implements LineParser {
  private readonly ctx: FormatContext;
  private readonly loginsOnly: boolean;
  /** Interest 'lines': another program's line is an event too (`event.action: syslog`). */
  private readonly everyLine: boolean;
  readonly skip?: (bytes: Buffer, start: number, end: number) => boolean;
  readonly keptLines?: LineParser['keptLines'];
  readonly chunkBuffer?: LineParser['chunkBuffer'];
  private readonly scan?: LineScan;
  private readonly time: SyslogTime;
  /** Login outcomes go here as numbers rather than to `emit` as events (FormatContext.logins). */
  private readonly sink?: LoginSink;
  private readonly toSink = (e: Event) => this.eventToSink(e);
  /** Numbers given to user names, for the sink; and the WebAssembly side's numbers of them. */
  private readonly userNumbers = new Map<string, number>();
  private readonly fromScan: number[] = [];
  /** pam failures waiting for the `Failed` line of their pid, oldest first (Map keeps insertion order). */
  private readonly pending = new Map<number, Pending>();
  /** No waiting pam failure is due before this (a lower bound): most seconds need no walk. */
  private firstDue = Number.POSITIVE_INFINITY;
  /** When each pid last logged `Failed`, in order of the first since it was last forgotten. */
  private readonly failedAt = new Map<number, number>();
  private nextForget = 0;
  /** The line being parsed, for the event builders. */
  private at: LineContext = { line: '', lineNo: 0, ts: 0, host: '', proc: '', pid: undefined };
  private nextSweep = 0;
  /**
   * Whether the line being parsed gave an event of its own; `held` counts the pam failures held
   * for later. A line with neither is, under interest 'lines', an event as another program's is.
   */
  private toldLine = false;
  private held = 0;

  constructor(ctx: FormatContext) {
    this.ctx = ctx;
    this.loginsOnly = ctx.interest === 'logins';
    this.everyLine = ctx.interest === 'lines';
    if (this.loginsOnly) {
      this.skip = cannotBeLogin;
      this.sink = ctx.logins;
      const scan = new LineScan(this.sink ? 'auth-facts' : 'auth');
      this.scan = scan;
      this.keptLines = this.sink
        ? (run, firstLine, visit) => this.readFacts(scan, run, firstLine, visit)
        : (run, _firstLine, visit) => ({ lines: scan.lines(run, visit), read: 0 });
      this.chunkBuffer = () => scan.chunkBuffer();
    }
    this.time = new SyslogTime({ file: ctx.file, tz: ctx.tz, mtimeMs: ctx.mtimeMs, year: ctx.year });
  }

  parse(raw: string, lineNo: number, emitEvent: (event: Event) => void): string | undefined {
    const emit = this.sink ? this.toSink : emitEvent;
    // A CRLF file (loghub's copy of a syslog is one) would leave `\r` before the anchors of the regexes.
    const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    const end = this.time.read(line, lineNo);
    if (end < 0) return line.trim() === '' ? undefined : 'not a syslog line (no timestamp)';
    if (line.charCodeAt(end) !== 32) return 'not a syslog line (no space after the timestamp)';
    const hostEnd = line.indexOf(' ', end + 1);
    if (hostEnd < 0) return 'not a syslog line (no message after the host)';
    if (hostEnd === end + 1) return 'not a syslog line (no host)';
    let p = hostEnd + 1;
    while (line.charCodeAt(p) === 32) p++;
    // The cheap filter: most lines are not sshd's and leave here, before any regex.
    if (line.charCodeAt(p) !== 115 || !line.startsWith('sshd', p)) {
      if (this.everyLine) emit(this.lineEvent(line, lineNo, line.slice(end + 1, hostEnd), p));
      return undefined;
    }
    let q = p + 4;
    if (line.charCodeAt(q) === 45 && line.startsWith('-session', q)) q += 8;
    const procEnd = q;
    if (line.charCodeAt(q) === 40 && line.startsWith('(pam_unix)', q)) q += 10;
    let pid: number | undefined;
    if (line.charCodeAt(q) === 91) {
      let n = 0;
      let d = q + 1;
      for (let c = line.charCodeAt(d); c >= 48 && c <= 57; c = line.charCodeAt(++d)) n = n * 10 + c - 48;
      if (d === q + 1 || line.charCodeAt(d) !== 93) return undefined;
      pid = n;
      q = d + 1;
    }
    if (line.charCodeAt(q) !== 58) {
      // `sshdfoo:`, another program
      if (this.everyLine) emit(this.lineEvent(line, lineNo, line.slice(end + 1, hostEnd), p));
      return undefined;
    }
    if (line.charCodeAt(q + 1) === 32) q++;
    const at = this.at;
    at.line = line;
    at.lineNo = lineNo;
    at.ts = this.time.ms;
    // Hosts and tags repeat line after line: reuse the last string rather than cut a new one.
    // Slim events carry neither (FormatContext.interest).
    if (!this.loginsOnly) {
      if (hostEnd - end - 1 !== at.host.length || !line.startsWith(at.host, end + 1))
        at.host = line.slice(end + 1, hostEnd);
      if (procEnd - p !== at.proc.length || !line.startsWith(at.proc, p)) at.proc = line.slice(p, procEnd);
    }
    at.pid = pid;
    if (at.ts >= this.nextSweep || this.pending.size > MAX_PIDS || this.failedAt.size > MAX_PIDS) {
      this.expire(emit);
      this.nextSweep = at.ts + SWEEP_MS;
    }
    if (!this.everyLine) {
      this.message(line, q + 1, 1, emit);
      return undefined;
    }
    // Every line is an event: an sshd message that is neither a login nor a notice `message`
    // reads (`Invalid user`, `Connection closed … [preauth]`) — `error: kex_exchange_identification`,
    // `Received disconnect` — is one as another program's line is. A pam failure waiting for its
    // `Failed` line is already accounted for.
    this.toldLine = false;
    const held = this.held;
    this.message(line, q + 1, 1, emit);
    if (!this.toldLine && this.held === held) emit(this.lineEvent(line, lineNo, at.host, p));
    return undefined;
  }

  end(emitEvent: (event: Event) => void): void {
    const emit = this.sink ? this.toSink : emitEvent;
    for (const p of this.pending.values()) this.emitPending(p, emit);
    this.pending.clear();
    this.failedAt.clear();
    this.scan?.release();
  }

  notes(): string[] {
    return this.time.notes();
  }

  /** Releases pam failures that waited too long for a `Failed` line; forgets stale `Failed` marks. */
  private expire(emit: (event: Event) => void): void {
    const now = this.at.ts;
    if (now >= this.firstDue || this.pending.size > MAX_PIDS) {
      for (const [pid, p] of this.pending) {
        if (p.ts > now - PAIR_MS && this.pending.size <= MAX_PIDS) break;
        this.emitPending(p, emit);
        this.pending.delete(pid);
      }
      this.firstDue = Number.POSITIVE_INFINITY;
      for (const p of this.pending.values()) this.firstDue = Math.min(this.firstDue, p.ts + PAIR_MS);
    }
    if (now < this.nextForget && this.failedAt.size <= MAX_PIDS) return;
    this.nextForget = now + FORGET_MS;
    // forEach, not for-of: no [pid, t] array per mark (the walk was most of this thread's garbage).
    const stale = now - FAILED_MEMORY_MS;
    this.failedAt.forEach((t, pid, marks) => {
      if (t <= stale) marks.delete(pid);
    });
    for (const pid of this.failedAt.keys()) {
      if (this.failedAt.size <= MAX_PIDS) break;
      this.failedAt.delete(pid);
    }
  }

  /** One sshd message starting at `at` of `text` (the line, or the inside of `message repeated`). */
  private message(text: string, at: number, repeat: number, emit: (event: Event) => void): void {
    const c = text.charCodeAt(at);
    if (c === 70) {
      const m = exec(FAILED, text, at);
      if (m) this.failed(m, repeat, emit);
    } else if (c === 65) {
      const m = exec(ACCEPTED, text, at);
      if (!m) return;
      const e = this.event('ssh_login', 'success', m[3], m[4], m[2]);
      e['picket.ssh.method'] = m[1];
      emit(withCount(e, repeat));
    } else if (c === 109) {
      const m = repeat === 1 ? exec(REPEATED, text, at) : null;
      if (m) this.message(m[2], 0, Number(m[1]), emit);
    } else {
      const info = INFO.get(c);
      if (!info) {
        this.pam(text, at, repeat, emit);
        return;
      }
      if (this.loginsOnly) return; // informational: never an attempt
      const m = exec(info.re, text, at);
      if (!m) return;
      const e = this.event(info.action, undefined, m[3], m[4], m[2]);
      if (m[1] && m[1] !== 'authenticating') e['picket.ssh.invalid_user'] = 1;
      emit(withCount(e, repeat));
    }
  }

  private failed(m: RegExpExecArray, repeat: number, emit: (event: Event) => void): void {
    const e = this.event('ssh_login', 'failure', m[4], m[5], m[3]);
    if (!this.loginsOnly) {
      if (m[2]) e['picket.ssh.invalid_user'] = 1;
      e['picket.ssh.method'] = m[1];
    }
    this.pairFailed(repeat);
    emit(withCount(e, repeat));
  }

  /** A `Failed` line of the current pid (`repeat` of them). */
  private pairFailed(repeat: number): void {
    const pid = this.at.pid;
    if (pid === undefined) return;
    // Each Failed line absorbs one waiting pam failure of its pid: they were one attempt.
    const p = this.pending.get(pid);
    if (p) {
      p.count -= Math.min(repeat, p.count);
      if (p.count === 0) this.pending.delete(pid);
    }
    this.failedAt.set(pid, this.at.ts);
  }

  private pam(text: string, at: number, repeat: number, emit: (event: Event) => void): void {
    if (exec(PAM_FAILURE, text, at)) {
      if (this.at.pid === undefined)
        emit(withCount(this.pamEvent(text), repeat)); // nothing to pair it with
      else this.hold({ at: { ...this.at }, text, ts: this.at.ts, count: repeat }, emit);
      return;
    }
    const m = exec(PAM_MORE, text, at);
    if (!m) return; // `check pass; user unknown`, `pam_unix(sshd:session): …`
    if (this.pairMore(emit)) emit(withCount(this.pamEvent(text), Number(m[1]) * repeat));
  }

  /** A pam failure of the current pid waits for its `Failed` line; a second one releases the first. */
  private hold(p: Pending, emit: (event: Event) => void): void {
    this.held++;
    this.release(this.at.pid as number, emit);
    this.pending.set(this.at.pid as number, p);
    this.firstDue = Math.min(this.firstDue, p.ts + PAIR_MS);
  }

  /** `PAM N more` of the current pid: whether it counts (not when the pid's Failed lines did). */
  private pairMore(emit: (event: Event) => void): boolean {
    const pid = this.at.pid;
    if (pid === undefined) return true;
    this.release(pid, emit);
    const t = this.failedAt.get(pid);
    this.failedAt.delete(pid);
    return t === undefined || this.at.ts - t >= FAILED_MEMORY_MS;
  }

  private release(pid: number, emit: (event: Event) => void): void {
    const p = this.pending.get(pid);
    if (!p) return;
    this.pending.delete(pid);
    this.emitPending(p, emit);
  }

  private emitPending(p: Pending, emit: (event: Event) => void): void {
    if ('at' in p) emit(withCount(this.pamEvent(p.text, p.at), p.count));
    else this.sink?.login('ssh_login', false, p.ts, p.line, p.count, p.ipv4, p.other, p.user);
  }

  /**
   * The lines of `run` its facts (line-scan.wat) tell enough about are read here, with no string;
   * the others are visited, and parsed as text, in order: both share the pid and time state.
   */
  private readFacts(scan: LineScan, run: Buffer, firstLine: number, visit: VisitLine): KeptLines {
    let read = 0;
    const lines = scan.lines(run, (start, end, index, at) => {
      if (at < 0 || end - start > MAX_LINE_BYTES || !this.fromFacts(scan, at, firstLine + index))
        visit(start, end, index, at);
      else read++;
    });
    return { lines, read };
  }

  /** The line whose facts are at `at` of `scan.record`; false to parse it as text instead. */
  private fromFacts(scan: LineScan, at: number, lineNo: number): boolean {
    const r = scan.record;
    const fact = r[at + FACT];
    const clock = r[at + CLOCK];
    if (fact === 0) return false;
    // Classic timestamps only; a day the year lacks is reported by the text parser.
    const t = this.time;
    if (
      !t.classic(
        clock >>> 22,
        (clock >>> 17) & 31,
        (clock >>> 12) & 31,
        (clock >>> 6) & 63,
        clock & 63,
        lineNo,
      )
    )
      return false;
    const ctx = this.at;
    ctx.line = '';
    ctx.lineNo = lineNo;
    ctx.ts = t.ms;
    ctx.pid = r[at + PID] < 0 ? undefined : r[at + PID];
    const emit = this.toSink;
    if (ctx.ts >= this.nextSweep || this.pending.size > MAX_PIDS || this.failedAt.size > MAX_PIDS) {
      this.expire(emit);
      this.nextSweep = ctx.ts + SWEEP_MS;
    }
    const count = r[at + COUNT];
    const address = r[at + ADDRESS];
    const ipv4 = address === 1 ? r[at + IPV4] >>> 0 : -1;
    const other = address === 2 ? scan.text(r[at + ADDRESS_START], r[at + ADDRESS_END]) : undefined;
    const user = r[at + USER] < 0 ? -1 : this.scanUser(scan, r[at + USER]);
    const sink = this.sink as LoginSink;
    if (fact === FAILED_FACT) {
      this.pairFailed(count);
      sink.login('ssh_login', false, ctx.ts, lineNo, count, ipv4, other, user);
    } else if (fact === PAM_FAILURE_FACT || fact === PAIRED_PAM_FACT) {
      if (ctx.pid === undefined) sink.login('ssh_login', false, ctx.ts, lineNo, count, ipv4, other, user);
      else if (fact === PAIRED_PAM_FACT && this.absorbed(ctx.pid)) return true;
      else this.hold({ ts: ctx.ts, count, line: lineNo, ipv4, other, user }, emit);
    } else if (fact === PAM_MORE_FACT) {
      if (this.pairMore(emit)) sink.login('ssh_login', false, ctx.ts, lineNo, count, ipv4, other, user);
    } else if (fact === ACCEPTED_FACT)
      sink.login('ssh_login', true, ctx.ts, lineNo, count, ipv4, other, user);
    else return false;
    return true;
  }

  /**
   * Whether a pam failure whose `Failed` line follows (fact 4) need not be held: held, it would
   * only wait to be cancelled by that line. Not when it would first release one of its pid still
   * waiting, nor when so many wait that the lines between could push the oldest out.
   */
  private absorbed(pid: number): boolean {
    return this.pending.size + PAIRED_WITHIN <= MAX_PIDS && !this.pending.has(pid);
  }

  /** The sink's number of the WebAssembly side's user number `n`. */
  private scanUser(scan: LineScan, n: number): number {
    for (let k = this.fromScan.length; k <= n; k++) this.fromScan.push(this.userNumber(scan.name(k)));
    return this.fromScan[n];
  }

  private userNumber(name: string): number {
    let n = this.userNumbers.get(name);
    if (n === undefined) {
      n = this.userNumbers.size;
      this.userNumbers.set(name, n);
      this.sink?.user(name);
    }
    return n;
  }

  /** A login event of the text parser, to the sink. */
  private eventToSink(e: Event): void {
    const address = e['source.address'];
    const ipv4 = address === undefined ? -1 : ipv4Number(address);
    const user = e['user.name'];
    (this.sink as LoginSink).login(
      'ssh_login', // the only events of interest 'logins' here
      e['event.outcome'] === 'success',
      e['@timestamp'],
      e['log.file.line'],
      e['event.count'] ?? 1,
      ipv4,
      ipv4 < 0 ? address : undefined,
      user === undefined ? -1 : this.userNumber(user),
    );
  }

  /** Another program's line, as an event: its host, program, pid and message (interest 'lines'). */
  private lineEvent(line: string, lineNo: number, host: string, tagStart: number): Event {
    const colon = line.indexOf(':', tagStart);
    const tag = TAG.exec(colon < 0 ? '' : line.slice(tagStart, colon));
    const e: Event = {
      '@timestamp': this.time.ms,
      'event.dataset': 'system.auth',
      'event.action': 'syslog',
      'event.original': line,
      'log.file.path': this.ctx.file,
      'log.file.line': lineNo,
      'host.hostname': host,
      message: colon < 0 ? line.slice(tagStart) : line.slice(colon + 1).trimStart(),
    };
    if (tag) e['process.name'] = tag[1];
    if (tag?.[2]) e['process.pid'] = Number(tag[2]);
    return e;
  }

  /** The event of a pam failure message (`text`), as of line `at`. */
  private pamEvent(text: string, at = this.at): Event {
    const r = RHOST.exec(text); // the header holds no `rhost=`, so the whole line can be searched
    return this.event('ssh_login', 'failure', r?.[1] || undefined, undefined, r?.[2], at);
  }

  private event(
    action: string,
    outcome: 'success' | 'failure' | undefined,
    address: string | undefined,
    port: string | undefined,
    user: string | undefined,
    at = this.at,
  ): Event {
    if (at === this.at) this.toldLine = true; // built for the current line: it is emitted
    const e: Event = {
      '@timestamp': at.ts,
      'event.dataset': 'system.auth',
      'event.action': action,
      'event.original': at.line,
      'log.file.path': this.ctx.file,
      'log.file.line': at.lineNo,
    };
    if (outcome) e['event.outcome'] = outcome;
    if (address) e['source.address'] = address;
    if (user) e['user.name'] = user;
    // Only what decides and locates an attempt: nobody reads the rest (FormatContext.interest).
    if (this.loginsOnly) return e;
    e['event.category'] = 'authentication';
    e['host.hostname'] = at.host;
    e['process.name'] = at.proc;
    if (at.pid !== undefined) e['process.pid'] = at.pid;
    if (address && (isIPv4(address) || (address.includes(':') && isIP(address)))) e['source.ip'] = address;
    if (port) e['source.port'] = Number(port);
    return e;
  }
}

/**
 * The byte prefilter for `interest: 'logins'`: true for a syslog line of another program, or an sshd
 * message that can never be an attempt (`Invalid user`, `Connection closed`, `check pass`, …).
 * Only what follows `F`ailed, `A`ccepted, `m`essage repeated, `P`AM, `a`uthentication failure,
 * `pam_unix(sshd:auth): ` then `a`uthentication failure or a count, or a digit is parsed. False
 * (parse it) whenever the shape is unexpected. line-scan.wat runs the same test over whole chunks.
 */
function cannotBeLogin(b: Buffer, start: number, end: number): boolean {
  let p: number;
  if (b[start + 3] === 32 && b[start + 9] === 58 && b[start + 12] === 58 && b[start + 15] === 32)
    p = start + 16;
  else if (b[start + 4] === 45 && b[start + 7] === 45 && b[start + 10] === 84) {
    p = start + 19;
    while (p < end && b[p] !== 32) p++; // RFC 3339: the time ends at the first space
    p++;
  } else return false;
  while (p < end && b[p] !== 32) p++; // host
  while (p < end && b[p] === 32) p++;
  if (end - p < 8) return false;
  if (b[p] !== 115 || b[p + 1] !== 115 || b[p + 2] !== 104 || b[p + 3] !== 100) return true; // not sshd
  let colon = p + 4;
  const limit = Math.min(end, p + 40);
  while (colon < limit && b[colon] !== 58) colon++;
  if (colon >= limit || b[colon + 1] !== 32) return false;
  const m = b[colon + 2];
  if (m === 70 || m === 65 || m === 109 || m === 80 || m === 97 || (m >= 48 && m <= 57)) return false;
  if (m !== 112) return true;
  // `pam_unix(sshd:auth): ` then `a`uthentication failure or a count is kept; `check pass`, `(sshd:session)` skipped.
  const next = b[colon + 23];
  if (end - colon <= 23 || !(next === 97 || (next >= 48 && next <= 57))) return true;
  for (let k = 0; k < PAM_AUTH.length; k++) if (b[colon + 2 + k] !== PAM_AUTH[k]) return true;
  return false;
}

const PAM_AUTH = Buffer.from('pam_unix(sshd:auth): ');

/** The shape `parse` accepts: a timestamp, a host, then a message. */
function isSyslogLine(line: string, time: SyslogTime): boolean {
  const end = time.read(line, 1);
  if (end < 0 || line.charCodeAt(end) !== 32) return false;
  const hostEnd = line.indexOf(' ', end + 1);
  return hostEnd > end + 1 && hostEnd < line.length - 1;
}

export const authLogFormat: Format = {
  name: 'auth',
  description: 'OpenSSH lines of auth.log / secure (syslog: classic or RFC 3339 timestamps)',
  sniff(lines: string[], ctx: FormatContext): number {
    const sample = lines.filter((l) => l.trim() !== '');
    if (sample.length === 0) return 0;
    const time = new SyslogTime({ file: ctx.file, tz: 'UTC', year: 2000 });
    return sample.filter((l) => isSyslogLine(l, time)).length / sample.length;
  },
  createParser(ctx: FormatContext): LineParser {
    return new AuthLogParser(ctx);
  },
};
