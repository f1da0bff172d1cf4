import type { Evidence } from '../core/event.ts';
import type { LoginAttempt, LogKind } from './login-attempts.ts';
import { SlidingWindow, type WindowSpan } from './sliding-window.ts';

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

type KeyState = Omit<KeySummary, 'peak'> & {
  address: string;
  window: SlidingWindow<LoginAttempt>;
  /** Successes of the last window, kept until the key crosses: one may fall inside the crossing window. */
  recentSuccesses: Success[];
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
    if (!s.logs.includes(a.log)) s.logs.push(a.log);
    if (a.outcome === 'success') {
      this.addSuccess(s, a);
      return;
    }

    s.failures += a.count;
    s.firstFailure ??= { ts: a.ts, evidence: evidenceOf(a) };
    s.lastFailureTs = a.ts;
    if (a.user !== undefined && (s.users.size < MAX_USERS_PER_KEY || s.users.has(a.user))) {
      s.users.set(a.user, (s.users.get(a.user) ?? 0) + a.count);
    }
    const crossedBefore = s.window.crossing !== undefined;
    if (s.window.held === 0) this.active.add(s);
    s.window.add(a);
    const crossing = s.window.crossing;
    if (!crossedBefore && crossing) {
      s.success = s.recentSuccesses.find((r) => r.ts >= crossing.first.ts);
      s.recentSuccesses = [];
    }
  }

  /** Forget window contents no attempt at or after `now` can share a window with. */
  evict(now: number): void {
    for (const s of this.active) {
      if (s.window.newestTs <= now - this.options.windowMs) {
        s.window.clear();
        this.active.delete(s);
      }
    }
  }

  /** Keys whose peak exceeded the threshold. */
  hits(): BruteForceHit[] {
    const out: BruteForceHit[] = [];
    for (const table of this.tables.values()) {
      for (const s of table.values()) {
        const peak = s.window.peak;
        if (!peak || peak.count <= this.options.threshold) continue;
        const { address, window: _w, recentSuccesses: _r, ...summary } = s;
        out.push({ address, summary: { ...summary, peak: peakWindow(peak) } });
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
      const { windowMs, threshold } = this.options;
      // Every field set up front: one object shape for all keys keeps the hot path monomorphic.
      s = {
        address: a.address,
        logs: [],
        failures: 0,
        firstFailure: undefined,
        lastFailureTs: undefined,
        users: new Map(),
        success: undefined,
        window: new SlidingWindow(windowMs, threshold),
        recentSuccesses: [],
      };
      table.set(a.address, s);
    }
    return s;
  }

  private addSuccess(s: KeyState, a: LoginAttempt): void {
    if (s.success || s.failures === 0) return;
    const success: Success = {
      ts: a.ts,
      user: a.user,
      log: a.log,
      evidence: evidenceOf(a),
      failuresBefore: s.failures,
    };
    if (s.window.crossing) {
      s.success = success;
      return;
    }
    s.recentSuccesses = s.recentSuccesses.filter((r) => r.ts > a.ts - this.options.windowMs);
    s.recentSuccesses.push(success);
  }
}

function evidenceOf(a: LoginAttempt): Evidence {
  return { file: a.file, line: a.line };
}

function peakWindow(p: WindowSpan<LoginAttempt>): PeakWindow {
  return {
    count: p.count,
    start: p.first.ts,
    end: p.last.ts,
    first: evidenceOf(p.first),
    last: evidenceOf(p.last),
  };
}
