import type { Evidence } from '../core/event.ts';
import type { LoginAttempt, LogKind } from './login-attempts.ts';
import { SlidingWindowCounter, type WindowPeak } from './sliding-window.ts';

/**
 * Brute force: more than `threshold` failed logins from one address within any `windowMs`.
 * Consumes attempts in time order; per-log keys count each log on its own, combined keys both.
 */
export type BruteForceOptions = { threshold: number; windowMs: number; combined: boolean };

export type PeakWindow = { count: number; start: number; end: number; first: Evidence; last: Evidence };

/** What one key (an address in one log, or in all of them) did. */
export type KeySummary = {
  logs: LogKind[];
  failures: number;
  firstFailure?: { ts: number; evidence: Evidence };
  lastFailureTs?: number;
  users: Map<string, number>;
  /** The first success at or after the start of the first window that crossed the threshold. */
  success?: { ts: number; user?: string; log: LogKind; evidence: Evidence; failuresBefore: number };
  peak?: PeakWindow;
};

export type BruteForceHit = { address: string; summary: KeySummary };

type Success = NonNullable<KeySummary['success']>;
/** Successes of the last window are kept until the key crosses: one may fall inside the crossing window. */
type KeyState = KeySummary & { address: string; recentSuccesses: Success[] };

const MAX_USERS_PER_KEY = 10_000; // a dictionary attack can try millions of names; count beyond this as 'other'

export class BruteForceDetector {
  readonly options: BruteForceOptions;
  private windows: SlidingWindowCounter<Evidence>;
  private keys = new Map<string, KeyState>();

  constructor(options: BruteForceOptions) {
    this.options = options;
    this.windows = new SlidingWindowCounter(options.windowMs, options.threshold);
  }

  add(a: LoginAttempt): void {
    const key = this.options.combined ? a.address : `${a.log}\t${a.address}`;
    let s = this.keys.get(key);
    if (!s) {
      s = { address: a.address, logs: [], failures: 0, users: new Map(), recentSuccesses: [] };
      this.keys.set(key, s);
    }
    if (!s.logs.includes(a.log)) s.logs.push(a.log);
    const evidence = { file: a.file, line: a.line };
    if (a.outcome === 'success') {
      if (s.failures > 0 && !s.success)
        s.success = { ts: a.ts, user: a.user, log: a.log, evidence, failuresBefore: s.failures };
      return;
    }
    s.failures += a.count;
    s.firstFailure ??= { ts: a.ts, evidence };
    s.lastFailureTs = a.ts;
    if (a.user !== undefined && (s.users.size < MAX_USERS_PER_KEY || s.users.has(a.user))) {
      s.users.set(a.user, (s.users.get(a.user) ?? 0) + a.count);
    }
    const crossedBefore = this.windows.crossing(key) !== undefined;
    this.windows.add(key, a.ts, a.count, evidence);
    const crossing = crossedBefore ? undefined : this.windows.crossing(key);
    if (crossing) {
      s.success = s.recentSuccesses.find((r) => r.ts >= crossing.first.ts);
      s.recentSuccesses = [];
    }
  }

  /** Forget window contents older than `now − window` (attempts arrive in time order). */
  evict(now: number): void {
    this.windows.evict(now);
  }

  /** Keys whose peak exceeded the threshold. */
  hits(): BruteForceHit[] {
    const out: BruteForceHit[] = [];
    for (const [key, s] of this.keys) {
      const peak = this.windows.peak(key);
      if (!peak || peak.count <= this.options.threshold) continue;
      const { recentSuccesses: _, ...summary } = s;
      out.push({ address: s.address, summary: { ...summary, peak: peakWindow(peak) } });
    }
    return out;
  }

  get distinctKeys(): number {
    return this.keys.size;
  }
}

function peakWindow(p: WindowPeak<Evidence>): PeakWindow {
  return { count: p.count, start: p.first.ts, end: p.last.ts, first: p.first.payload, last: p.last.payload };
}
