import type { Evidence } from '../../core/event.ts';
import type { BruteForceHit, LogKind, PeakWindow } from '../../detect/index.ts';

/** One flagged address, with everything an analyst checks next — each fact citing its evidence. */
export type Finding = {
  address: string;
  /** Logs in which the address crossed the threshold (per-log), or every log it appears in (combined). */
  logs: LogKind[];
  /** A success at or after the failures: the likely compromise, ranked first. */
  compromised: boolean;
  peak: PeakWindow & { log: LogKind | 'combined' };
  failures: number;
  users: { distinct: number; top: { name: string; count: number }[] };
  firstFailure: { ts: number; evidence: Evidence };
  lastFailureTs: number;
  success?: { ts: number; user?: string; log: LogKind; evidence: Evidence; failuresBefore: number };
  /** Per-log detail where the address was flagged in more than one log. */
  perLog: { log: LogKind; failures: number; peak: PeakWindow }[];
};

/** Merge per-key hits into one finding per address, ranked: compromised first, then by peak. */
export function buildFindings(hits: BruteForceHit[], combined: boolean): Finding[] {
  const byAddress = new Map<string, BruteForceHit[]>();
  for (const h of hits) byAddress.set(h.address, [...(byAddress.get(h.address) ?? []), h]);
  const findings: Finding[] = [];
  for (const [address, unordered] of byAddress) {
    const hs = unordered.sort((a, b) => (a.summary.logs[0] < b.summary.logs[0] ? -1 : 1)); // ssh, then web
    const best = hs.reduce((a, b) => ((b.summary.peak?.count ?? 0) > (a.summary.peak?.count ?? 0) ? b : a));
    const users = new Map<string, number>();
    for (const h of hs) for (const [u, n] of h.summary.users) users.set(u, (users.get(u) ?? 0) + n);
    const successes = hs.flatMap((h) => (h.summary.success ? [h.summary.success] : []));
    const firsts = hs.map((h) => h.summary.firstFailure).filter((f) => f !== undefined);
    const peak = best.summary.peak as PeakWindow;
    findings.push({
      address,
      logs: hs.flatMap((h) => h.summary.logs).sort(),
      compromised: successes.length > 0,
      peak: { ...peak, log: combined ? 'combined' : best.summary.logs[0] },
      failures: hs.reduce((n, h) => n + h.summary.failures, 0),
      users: {
        distinct: users.size,
        top: [...users]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, 5)
          .map(([name, count]) => ({ name, count })),
      },
      firstFailure: firsts.reduce((a, b) => (b.ts < a.ts ? b : a)),
      lastFailureTs: Math.max(...hs.map((h) => h.summary.lastFailureTs ?? 0)),
      success: successes.sort((a, b) => a.ts - b.ts)[0],
      perLog: combined
        ? []
        : hs.map((h) => ({
            log: h.summary.logs[0],
            failures: h.summary.failures,
            peak: h.summary.peak as PeakWindow,
          })),
    });
  }
  return findings.sort(
    (a, b) =>
      Number(b.compromised) - Number(a.compromised) ||
      b.peak.count - a.peak.count ||
      b.failures - a.failures ||
      (a.address < b.address ? -1 : 1),
  );
}
