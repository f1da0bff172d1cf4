/**
 * The answer key: from the attempts the generator recorded (never from re-reading its own files),
 * which addresses DEFINITIONS.md flags, with what peak, and whether they look compromised.
 */
import type { Attempt, LogName } from './timeline.ts';

export const THRESHOLD = 10;
export const WINDOW_MS = 5 * 60 * 1000;

export type Role = 'attacker' | 'benign' | 'office-nat' | 'scanner';

export type Label = {
  address: string;
  role: Role;
  /** Short id of a planted case ('ssh-edge-4m59', …); absent for background traffic. */
  case?: string;
  note: string;
};

export type Finding = { address: string; log: LogName; peakCount: number; compromised: boolean };
export type CombinedFinding = { address: string; peakCount: number; compromised: boolean };

export type FileEntry = {
  name: string;
  log: LogName;
  compressed: boolean;
  lines: number;
  /** Set just after the file's last write, so syslog year inference from mtime works. */
  mtime: string;
  firstTimestamp: string | null;
  lastTimestamp: string | null;
};

export type GroundTruth = {
  seed: number;
  scale: number;
  definitions: { threshold: number; windowMs: number };
  scenario: { start: string; end: string; timeZone: 'UTC'; host: string };
  files: FileEntry[];
  /** What a correct detector reports: peakCount > threshold. */
  expected: { perLog: Finding[]; combined: CombinedFinding[] };
  /** Every address with at least one counted failure, flagged or not: near misses included. */
  peaks: { perLog: Finding[]; combined: CombinedFinding[] };
  labels: Label[];
  /** Counted failed attempts per address and log. */
  totals: Record<string, { web?: number; ssh?: number }>;
};

/**
 * The most failed attempts in any half-open window (t − W, t]. Deliberately O(n²) and plain:
 * the busiest window always ends on some attempt, so trying each attempt as the right edge and
 * summing everything inside is enough, and obviously right.
 */
export function peakCount(failures: readonly Attempt[], windowMs = WINDOW_MS): number {
  let peak = 0;
  for (const end of failures) {
    let inside = 0;
    for (const a of failures) {
      if (a.t > end.t - windowMs && a.t <= end.t) inside += a.count;
    }
    peak = Math.max(peak, inside);
  }
  return peak;
}

/**
 * DEFINITIONS.md: a success at or after the start of the first window in which the failures
 * exceeded the threshold (the brute force had begun). Plain O(n²), like `peakCount`.
 */
function compromised(attempts: readonly Attempt[]): boolean {
  const failures = attempts.filter((a) => a.outcome === 'failure').sort((a, b) => a.t - b.t);
  for (const end of failures) {
    const inside = failures.filter((a) => a.t > end.t - WINDOW_MS && a.t <= end.t);
    if (inside.reduce((n, a) => n + a.count, 0) > THRESHOLD) {
      return attempts.some((a) => a.outcome === 'success' && a.t >= inside[0].t);
    }
  }
  return false;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export type GroundTruthInput = Omit<
  GroundTruth,
  'definitions' | 'expected' | 'peaks' | 'totals' | 'labels'
> & {
  attempts: readonly Attempt[];
  labels: readonly Label[];
};

export function buildGroundTruth(input: GroundTruthInput): GroundTruth {
  const { attempts } = input;
  const labelled = new Set(input.labels.map((l) => l.address));
  const byAddress = new Map<string, Attempt[]>();
  for (const a of attempts) {
    if (!labelled.has(a.address)) throw new Error(`scenario bug: ${a.address} has attempts but no label`);
    const list = byAddress.get(a.address) ?? [];
    list.push(a);
    byAddress.set(a.address, list);
  }

  const perLog: Finding[] = [];
  const combined: CombinedFinding[] = [];
  const totals: GroundTruth['totals'] = {};
  for (const address of [...byAddress.keys()].sort(byText)) {
    const mine = byAddress.get(address) ?? [];
    for (const log of ['ssh', 'web'] as const) {
      const inLog = mine.filter((a) => a.log === log);
      const failures = inLog.filter((a) => a.outcome === 'failure');
      if (failures.length === 0) continue;
      perLog.push({ address, log, peakCount: peakCount(failures), compromised: compromised(inLog) });
      totals[address] = { ...totals[address], [log]: failures.reduce((n, a) => n + a.count, 0) };
    }
    const failures = mine.filter((a) => a.outcome === 'failure');
    if (failures.length > 0) {
      combined.push({ address, peakCount: peakCount(failures), compromised: compromised(mine) });
    }
  }

  return {
    seed: input.seed,
    scale: input.scale,
    definitions: { threshold: THRESHOLD, windowMs: WINDOW_MS },
    scenario: input.scenario,
    files: input.files,
    expected: {
      perLog: perLog.filter((f) => f.peakCount > THRESHOLD),
      combined: combined.filter((f) => f.peakCount > THRESHOLD),
    },
    peaks: { perLog, combined },
    labels: [...input.labels].sort((a, b) => byText(a.address, b.address)),
    totals,
  };
}
