import type { Evidence } from '../core/event.ts';
import type { LoginAttempt, LogKind } from './login-attempts.ts';
import { type Counted, SlidingWindow, type WindowSpan } from './sliding-window.ts';

/** A counted failure as the windows keep it: when, how many, and where it is written. */
type Item = Counted & Evidence;

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

/**
 * One key's running state, kept small and of one shape: there is one per address seen, hundreds
 * of thousands on a big input. The first user lives inline (most addresses try one name); the map
 * and the window are made only when needed; attempts are referenced, not copied.
 */
type KeyState = {
  address: string;
  /** Logs seen: bit 0 web, bit 1 ssh. */
  logMask: number;
  failures: number;
  firstFailure: Item | undefined;
  lastFailureTs: number;
  firstUser: string | undefined;
  firstUserCount: number;
  /** Every user but the first, once a second one is tried. */
  moreUsers: Map<string, number> | undefined;
  success: Success | undefined;
  /** Successes of the last window, kept until the key crosses: one may fall inside the crossing window. */
  recentSuccesses: Success[] | undefined;
  window: SlidingWindow<Item> | undefined;
};

const MAX_USERS_PER_KEY = 10_000; // a dictionary attack can try millions of names

export class BruteForceDetector {
  readonly options: BruteForceOptions;
  /** One table per log, or one for all in combined mode: keyed by the address alone, no string building. */
  private tables = new Map<LogKind | 'all', Map<string, KeyState>>();
  private active = new Set<KeyState>();

  constructor(options: BruteForceOptions) {
    this.options = options;
  }

  add(a: LoginAttempt): void {
    const s = this.state(a);
    s.logMask |= a.log === 'ssh' ? 2 : 1;
    if (a.outcome === 'success') {
      this.addSuccess(s, a);
      return;
    }
    // Windows keep only what evidence needs — not the attempt, whose strings are per attempt.
    const item: Item = { ts: a.ts, count: a.count, file: a.file, line: a.line };
    s.failures += a.count;
    s.firstFailure ??= item;
    s.lastFailureTs = a.ts;
    if (a.user !== undefined) countUser(s, a.user, a.count);

    s.window ??= new SlidingWindow(this.options.windowMs, this.options.threshold);
    const crossedBefore = s.window.crossing !== undefined;
    if (s.window.held === 0) this.active.add(s);
    s.window.add(item);
    const crossing = s.window.crossing;
    if (!crossedBefore && crossing) {
      s.success = s.recentSuccesses?.find((r) => r.ts >= crossing.first.ts);
      s.recentSuccesses = undefined;
    }
  }

  /** Forget window contents no attempt at or after `now` can share a window with. */
  evict(now: number): void {
    for (const s of this.active) {
      const w = s.window as SlidingWindow<Item>;
      if (w.newestTs <= now - this.options.windowMs) {
        w.clear();
        this.active.delete(s);
      }
    }
  }

  /** Keys whose peak exceeded the threshold. */
  hits(): BruteForceHit[] {
    const out: BruteForceHit[] = [];
    for (const table of this.tables.values()) {
      for (const s of table.values()) {
        const peak = s.window?.peak;
        if (!peak || peak.count <= this.options.threshold) continue;
        out.push({ address: s.address, summary: summaryOf(s, peak) });
      }
    }
    return out;
  }

  get distinctKeys(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.size;
    return n;
  }

  private state(a: LoginAttempt): KeyState {
    const tableKey = this.options.combined ? 'all' : a.log;
    let table = this.tables.get(tableKey);
    if (!table) {
      table = new Map();
      this.tables.set(tableKey, table);
    }
    let s = table.get(a.address);
    if (!s) {
      const address = detach(a.address);
      s = {
        address,
        logMask: 0,
        failures: 0,
        firstFailure: undefined,
        lastFailureTs: 0,
        firstUser: undefined,
        firstUserCount: 0,
        moreUsers: undefined,
        success: undefined,
        recentSuccesses: undefined,
        window: undefined,
      };
      table.set(address, s);
    }
    return s;
  }

  private addSuccess(s: KeyState, a: LoginAttempt): void {
    if (s.success || s.failures === 0) return;
    const success: Success = {
      ts: a.ts,
      user: a.user === undefined ? undefined : detach(a.user),
      log: a.log,
      evidence: evidenceOf(a),
      failuresBefore: s.failures,
    };
    if (s.window?.crossing) {
      s.success = success;
      return;
    }
    s.recentSuccesses = (s.recentSuccesses ?? []).filter((r) => r.ts > a.ts - this.options.windowMs);
    s.recentSuccesses.push(success);
  }
}

function countUser(s: KeyState, user: string, count: number): void {
  if (s.firstUser === undefined) s.firstUser = detach(user);
  if (s.firstUser === user) {
    s.firstUserCount += count;
    return;
  }
  s.moreUsers ??= new Map();
  const n = s.moreUsers.get(user);
  if (n !== undefined) s.moreUsers.set(user, n + count);
  else if (s.moreUsers.size < MAX_USERS_PER_KEY) s.moreUsers.set(detach(user), count);
}

/**
 * A copy of `s` that does not point into the text it was cut from. V8 represents a substring as a
 * slice of its parent, so an address kept for the whole run would keep the 1 MiB chunk of log
 * text it came from alive — with thousands of addresses, every chunk of the file. Only strings
 * kept for the run are copied, once each: attempts themselves live briefly.
 */
function detach(s: string): string {
  return `${s} `.slice(0, -1);
}

function summaryOf(s: KeyState, peak: WindowSpan<Item>): KeySummary {
  const users = new Map<string, number>();
  if (s.firstUser !== undefined) users.set(s.firstUser, s.firstUserCount);
  for (const [u, n] of s.moreUsers ?? []) users.set(u, n);
  const first = s.firstFailure as Item;
  return {
    logs: (['web', 'ssh'] as const).filter((_, bit) => s.logMask & (1 << bit)),
    failures: s.failures,
    firstFailure: { ts: first.ts, evidence: evidenceOf(first) },
    lastFailureTs: s.lastFailureTs,
    users,
    success: s.success,
    peak: peakWindow(peak),
  };
}

function evidenceOf(a: Evidence): Evidence {
  return { file: a.file, line: a.line };
}

function peakWindow(p: WindowSpan<Item>): PeakWindow {
  return {
    count: p.count,
    start: p.first.ts,
    end: p.last.ts,
    first: evidenceOf(p.first),
    last: evidenceOf(p.last),
  };
}
