/**
 * Logon anomalies, end to end: read the logons, place each source address (geolocation, site
 * list), score every logon against its user's baseline, and raise the alerts an analyst can read:
 * one per user and day (its best logon, the others it covers counted), one per password-spray
 * source and day, the best `top` of each day above `threshold`.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import { PicketError } from '../../core/errors.ts';
import type { Logon, PlacedLogon } from '../../core/logon.ts';
import { type LogonScoringOptions, type ScoredLogon, scoreLogons } from '../../detect/logons/index.ts';
import { type LogonReadOptions, type LogonReadReport, readLogons } from '../../ingest/logons/index.ts';
import { Geolocator, readSites } from '../../intel/geo.ts';

export type LogonQuery = LogonReadOptions &
  Omit<LogonScoringOptions, 'departments'> & {
    inputs: string[];
    /** CIDR → site list (CSV). */
    sites?: string;
    /** A directory export (CSV with `user` and `department` columns): peer groups. */
    directory?: string;
    /** An `.mmdb` database instead of the shipped DB-IP Lite city. */
    geoDatabase?: string;
    /** Alerts per day, at most. Default 10. */
    top?: number;
    /** The least score an alert needs. Default 0.5. */
    threshold?: number;
  };

export type LogonAlert = {
  kind: 'user' | 'spray';
  /** The user, or the spraying source address. */
  subject: string;
  /** UTC day, ISO date. */
  day: string;
  score: number;
  /** The alert's best logon: its evidence and its reasons. */
  top: ScoredLogon;
  /** Every scored logon the alert stands for (its user's that day above the threshold, or the spray's). */
  logons: ScoredLogon[];
  /** Users a spray reached, and those whose logon then succeeded. */
  users?: string[];
  succeeded?: string[];
};

export type LogonReport = {
  files: LogonReadReport[];
  logons: number;
  users: number;
  serviceAccounts: string[];
  geoSource: string;
  days: number;
  scored: ScoredLogon[];
  alerts: LogonAlert[];
  /** Alerts above the threshold left out by the daily budget. */
  overBudget: number;
};

export async function investigateLogons(q: LogonQuery): Promise<LogonReport> {
  const read: Logon[] = [];
  const files = await readLogons(q.inputs, read, q);
  const geo = await Geolocator.open({
    database: q.geoDatabase,
    sites: q.sites ? await readSites(q.sites) : [],
  });
  const placed: PlacedLogon[] = [];
  for (const logon of read) {
    const place = logon.sourceIp ? await geo.place(logon.sourceIp) : { kind: 'unknown' as const };
    placed.push({ ...logon, place: logon.geo ? { ...place, ...logon.geo, kind: 'public' } : place });
  }
  const departments = q.directory ? await readDirectory(q.directory) : undefined;
  const scoring = scoreLogons(placed, { ...q, departments });
  const { alerts, overBudget } = alertsOf(scoring.scored, q.threshold ?? 0.5, q.top ?? 10);
  return {
    files,
    logons: read.length,
    users: scoring.users,
    serviceAccounts: scoring.serviceAccounts,
    geoSource: geo.source,
    days: scoring.days,
    scored: scoring.scored,
    alerts,
    overBudget,
  };
}

export function alertsOf(
  scored: readonly ScoredLogon[],
  threshold: number,
  top: number,
): { alerts: LogonAlert[]; overBudget: number } {
  const groups = new Map<string, LogonAlert>();
  for (const s of scored) {
    if (s.score < threshold) continue;
    const day = new Date(s.logon.timestamp).toISOString().slice(0, 10);
    const spray = s.signals.some((g) => g.kind === 'password_spray');
    const subject = spray ? s.logon.sourceIp : s.logon.user;
    const key = `${day}|${spray ? 'spray' : 'user'}|${subject}`;
    let alert = groups.get(key);
    if (!alert) {
      alert = { kind: spray ? 'spray' : 'user', subject, day, score: s.score, top: s, logons: [] };
      groups.set(key, alert);
    }
    alert.logons.push(s);
    if (s.score > alert.score) {
      alert.score = s.score;
      alert.top = s;
    }
  }
  for (const a of groups.values())
    if (a.kind === 'spray') {
      a.users = [...new Set(a.logons.map((s) => s.logon.user))].sort();
      a.succeeded = [
        ...new Set(a.logons.filter((s) => s.logon.outcome === 'success').map((s) => s.logon.user)),
      ].sort();
    }
  const byDay = new Map<string, LogonAlert[]>();
  for (const a of groups.values()) byDay.set(a.day, [...(byDay.get(a.day) ?? []), a]);
  const alerts: LogonAlert[] = [];
  let overBudget = 0;
  for (const day of [...byDay.keys()].sort()) {
    const ranked = (byDay.get(day) ?? []).sort(
      (a, b) => b.score - a.score || (a.subject < b.subject ? -1 : 1),
    );
    alerts.push(...ranked.slice(0, top));
    overBudget += Math.max(0, ranked.length - top);
  }
  return { alerts, overBudget };
}

async function readDirectory(path: string): Promise<Map<string, string>> {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(await readFile(path), {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
    });
  } catch (err) {
    throw new PicketError('INPUT_UNREADABLE', `directory export: ${(err as Error).message}`, { file: path });
  }
  if (rows.length > 0 && !('user' in rows[0] && 'department' in rows[0]))
    throw new PicketError('INPUT_UNREADABLE', 'directory export needs columns user and department', {
      file: path,
      line: 1,
    });
  return new Map(rows.map((r) => [r.user.toLowerCase(), r.department]));
}
