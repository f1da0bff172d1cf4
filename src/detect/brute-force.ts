import { detach } from '../core/detach.ts';
import type { Evidence } from '../core/event.ts';
import { ipv4Number, ipv4String } from '../core/ip.ts';
import { grown } from './grown.ts';
import { KeyNumbers } from './key-numbers.ts';
import type { AttemptColumns, LoginAttempt, LogKind } from './login-attempts.ts';
import { PairCounts } from './pair-counts.ts';
import { SlidingWindows, type WindowSpan } from './sliding-window.ts';

/**
 * Brute force: more than `threshold` failed logins from one address within any `windowMs`.
 * Consumes attempts in time order; per-log keys count each log on its own, combined keys both.
 */
export type BruteForceOptions = { threshold: number; windowMs: number; combined: boolean };

export type PeakWindow = { count: number; start: number; end: number; first: Evidence; last: Evidence };

export type Success = { ts: number; user?: string; log: LogKind; evidence: Evidence; failuresBefore: number };

/** What one key (an address in one log, or in all of them) did. */
export type KeySummary = {
  logs: LogKind[];
  failures: number;
  firstFailure?: { ts: number; evidence: Evidence };
  lastFailureTs?: number;
  users: Map<string, number>;
  /** The first success at or after the start of the first window that crossed the threshold. */
  success?: Success;
  peak?: PeakWindow;
};

export type BruteForceHit = { address: string; summary: KeySummary };

const MAX_USERS_PER_KEY = 10_000; // a dictionary attack can try millions of names
/** Evidence is kept as one number: file number × 2³² + line (exact below 2⁵³). */
const LINE_SPAN = 2 ** 32;
/**
 * A key's numbers, one row (a 64-byte cache line) per key. CROSSED_AT is NaN until a window
 * crosses; FIRST_USER is the number of the first user name tried, valid once FIRST_USER_COUNT > 0.
 */
const ROW = 8;
const [LOG_MASK, FAILURES, FIRST_TS, FIRST_REF, LAST_TS, CROSSED_AT, FIRST_USER, FIRST_USER_COUNT] = [
  0, 1, 2, 3, 4, 5, 6, 7,
];

/**
 * One key per address (per log, or for all logs), numbered; its state is a row of numbers at
 * that number. There are hundreds of thousands of keys on a big input, so no object is made per
 * key or per attempt, and an attempt touches few cache lines. User names are numbered once for
 * the run; the first per key lives in its row, further ones in one flat table of (key, user) counts.
 */
export class BruteForceDetector {
  readonly options: BruteForceOptions;
  private windows: SlidingWindows;
  /** Key numbers by address: one table per log, or one for all in combined mode. */
  private sshKeys = new KeyNumbers();
  private webKeys: KeyNumbers;
  private files: string[] = [];
  private fileNumbers = new Map<string, number>();
  /**
   * The file numbers of the last batch's files: its paths are fresh strings, compared once a
   * batch. An Int32Array, as the array `map` makes has another shape than `[]` (V8 would throw
   * away the counting's compiled code once it saw both).
   */
  private batchFiles: string[] = [];
  private batchFileNumbers = new Int32Array(0);

  private keys = 0;
  /** Per key, its address as a number when it is IPv4 (nearly all); the others by key. */
  private ipv4 = new Uint32Array(1024);
  private otherAddresses = new Map<number, string>();
  private rows = new Float64Array(ROW * 1024);
  private userNumbers = new Map<string, number>();
  private userNames: string[] = [];
  /** Every user name of a key but its first. */
  private moreUsers = new PairCounts();
  private success = new Map<number, Success>();
  /** Keys in the order their count first exceeded the threshold. */
  private crossed: number[] = [];
  /** Successes of the last window, per key not yet crossed: one may fall inside the crossing window. */
  private recentSuccesses = new Map<number, Success[]>();

  constructor(options: BruteForceOptions) {
    this.options = options;
    this.windows = new SlidingWindows(options.windowMs);
    this.webKeys = options.combined ? this.sshKeys : new KeyNumbers();
  }

  add(a: LoginAttempt): void {
    const ip = ipv4Number(a.address);
    const user = a.user === undefined ? -1 : this.userNumber(a.user);
    const file = this.fileNumber(a.file);
    this.count(a.ts, a.log, ip, a.address, user, a.outcome === 'success', a.count, file, a.line);
  }

  /** The attempt at index `i` of `c`, whose user numbers are this detector's (`userNumber`). */
  addAt(c: AttemptColumns, i: number): void {
    const flags = c.flags[i];
    const other = flags & 4 ? c.others[c.address[i]] : '';
    if (c.files !== this.batchFiles) {
      this.batchFiles = c.files;
      this.batchFileNumbers = Int32Array.from(c.files, (f) => this.fileNumber(f));
    }
    this.count(
      c.ts[i],
      flags & 1 ? 'ssh' : 'web',
      flags & 4 ? -1 : c.address[i],
      other,
      c.user[i],
      (flags & 2) !== 0,
      c.count[i],
      this.batchFileNumbers[c.file[i]],
      c.line[i],
    );
  }

  /** The number of a user name, for `addAt`: given once per name for the run. */
  userNumber(user: string): number {
    let n = this.userNumbers.get(user);
    if (n === undefined) {
      n = this.userNames.push(detach(user)) - 1;
      this.userNumbers.set(this.userNames[n], n);
    }
    return n;
  }

  /** `ip`: an IPv4 address as a number, or -1 for `address`; `user`: a user number, or -1; `file`: a file number. */
  private count(
    ts: number,
    log: LogKind,
    ip: number,
    address: string,
    user: number,
    success: boolean,
    n: number,
    file: number,
    line: number,
  ): void {
    const k = this.key(log, ip, address);
    const r = this.rows;
    const at = k * ROW;
    r[at + LOG_MASK] = r[at + LOG_MASK] | (log === 'ssh' ? 2 : 1);
    if (success) {
      this.addSuccess(k, ts, log, user, file, line);
      return;
    }
    const ref = file * LINE_SPAN + line;
    if (r[at + FAILURES] === 0) {
      r[at + FIRST_TS] = ts;
      r[at + FIRST_REF] = ref;
    }
    r[at + FAILURES] += n;
    r[at + LAST_TS] = ts;
    if (user >= 0) this.countUser(k, user, n);
    const count = this.windows.add(k, ts, n, ref);
    if (count > this.options.threshold && Number.isNaN(r[at + CROSSED_AT])) {
      const start = Math.min(this.windows.windowStart(k), ts);
      r[at + CROSSED_AT] = start;
      this.crossed.push(k);
      const recent = this.recentSuccesses.get(k);
      const success = recent?.find((s) => s.ts >= start);
      if (success) this.success.set(k, success);
      this.recentSuccesses.delete(k);
    }
  }

  /** Keys whose peak exceeded the threshold, in key order. */
  hits(): BruteForceHit[] {
    // A key's peak is the count of one of its windows, each checked as it was counted: the keys
    // that crossed are those whose peak exceeds the threshold, with no pass over every key.
    const hit = this.crossed
      .toSorted((a, b) => a - b)
      .map((k) => ({ k, peak: this.windows.peak(k) as WindowSpan }));
    const moreUsers = this.moreUsers.pairsOf(hit.map((h) => h.k));
    return hit.map(({ k, peak }) => ({
      address: this.address(k),
      summary: this.summary(k, peak, moreUsers.get(k) ?? []),
    }));
  }

  get distinctKeys(): number {
    return this.keys;
  }

  /** The key of `ip` (an IPv4 address as a number), or of `address` when `ip` is -1. */
  private key(log: LogKind, ip: number, address: string): number {
    const table = log === 'ssh' ? this.sshKeys : this.webKeys;
    // IPv4 addresses are kept as numbers, their text made again for a report.
    const k = ip < 0 ? table.get(address) : table.getIPv4(ip);
    if (k !== -1) return k;
    const n = this.windows.addKey();
    this.rows = grown(this.rows, (n + 1) * ROW);
    this.rows[n * ROW + CROSSED_AT] = Number.NaN;
    this.ipv4 = grown(this.ipv4, n + 1);
    if (ip < 0) {
      const kept = detach(address);
      table.set(kept, n);
      this.otherAddresses.set(n, kept);
    } else {
      table.setIPv4(ip, n);
      this.ipv4[n] = ip;
    }
    this.keys = n + 1;
    return n;
  }

  private address(k: number): string {
    return this.otherAddresses.get(k) ?? ipv4String(this.ipv4[k]);
  }

  private fileNumber(file: string): number {
    let n = this.fileNumbers.get(file);
    if (n === undefined) {
      n = this.files.push(detach(file)) - 1;
      this.fileNumbers.set(this.files[n], n);
    }
    return n;
  }

  private countUser(k: number, user: number, count: number): void {
    const at = k * ROW;
    const r = this.rows;
    if (r[at + FIRST_USER_COUNT] === 0) {
      r[at + FIRST_USER] = user;
      r[at + FIRST_USER_COUNT] = count;
    } else if (r[at + FIRST_USER] === user) {
      r[at + FIRST_USER_COUNT] += count; // most addresses try one name: no table
    } else this.moreUsers.add(k, user, count, MAX_USERS_PER_KEY);
  }

  private addSuccess(k: number, ts: number, log: LogKind, user: number, file: number, line: number) {
    const at = k * ROW;
    if (this.success.has(k) || this.rows[at + FAILURES] === 0) return;
    const success: Success = {
      ts,
      user: user < 0 ? undefined : this.userNames[user],
      log,
      evidence: { file: this.files[file], line },
      failuresBefore: this.rows[at + FAILURES],
    };
    if (!Number.isNaN(this.rows[at + CROSSED_AT])) {
      this.success.set(k, success);
      return;
    }
    const recent = (this.recentSuccesses.get(k) ?? []).filter((r) => r.ts > ts - this.options.windowMs);
    recent.push(success);
    this.recentSuccesses.set(k, recent);
  }

  private summary(k: number, peak: WindowSpan, moreUsers: [number, number][]): KeySummary {
    const r = this.rows;
    const at = k * ROW;
    const users = new Map<string, number>();
    if (r[at + FIRST_USER_COUNT] > 0) users.set(this.userNames[r[at + FIRST_USER]], r[at + FIRST_USER_COUNT]);
    for (const [u, n] of moreUsers) users.set(this.userNames[u], n);
    return {
      logs: (['web', 'ssh'] as const).filter((_, bit) => r[at + LOG_MASK] & (1 << bit)),
      failures: r[at + FAILURES],
      firstFailure: { ts: r[at + FIRST_TS], evidence: this.evidence(r[at + FIRST_REF]) },
      lastFailureTs: r[at + LAST_TS],
      users,
      success: this.success.get(k),
      peak: {
        count: peak.count,
        start: peak.firstTs,
        end: peak.lastTs,
        first: this.evidence(peak.firstRef),
        last: this.evidence(peak.lastRef),
      },
    };
  }

  private evidence(ref: number): Evidence {
    return { file: this.files[Math.floor(ref / LINE_SPAN)], line: ref % LINE_SPAN };
  }
}
