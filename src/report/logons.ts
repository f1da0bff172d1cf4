/** Logon-anomaly alerts for people (terminal) and programs (JSON, JSONL). */
import type { ScoredLogon } from '../detect/logons/index.ts';
import type { LogonAlert, LogonReport } from '../investigate/logons/index.ts';
import { grouped, type Style } from './text.ts';

/** One alert in words and numbers: who, when (their local time), from where, and why. */
export function explain(alert: LogonAlert): string {
  const s = alert.top;
  const l = s.logon;
  const where = placeText(s);
  if (alert.kind === 'spray') {
    const ok = alert.succeeded?.length ? `; succeeded for ${alert.succeeded.join(', ')}` : '';
    return `password spray from ${alert.subject}${where ? ` (${where})` : ''}: ${alert.users?.length ?? 0} users failed within 30 min${ok}`;
  }
  const reasons = s.signals.map((g) => g.detail).join('; ');
  const baseline = s.baseline === 'own' ? '' : ` [little history: compared with ${s.baseline.slice(7)}]`;
  const forest = Number.isNaN(s.forest) ? '' : `; isolation forest ${s.forest.toFixed(2)}`;
  return `${l.user} ${s.local} ${s.zone}${where ? ` from ${where}` : ''}${l.outcome === 'failure' ? ' (failed)' : ''}: ${reasons || 'no single signal'}${forest}${baseline}`;
}

function placeText(s: ScoredLogon): string {
  const p = s.logon.place;
  const name = p.site ?? [p.city, p.country].filter(Boolean).join(', ');
  const ip = s.logon.sourceIp;
  if (!ip) return name;
  return name ? `${ip} (${name}${p.vpn ? ', VPN' : ''})` : ip;
}

export function renderLogonAlerts(report: LogonReport, style: Style): string {
  const lines: string[] = [];
  for (const a of report.alerts) {
    const e = a.top.logon;
    const more = a.logons.length > 1 ? ` (+${a.logons.length - 1} more logons)` : '';
    lines.push(`${style.bold(`${a.day} ${a.score.toFixed(2)}`)} ${explain(a)}${more}`);
    lines.push(style.dim(`    evidence ${e.file}:${e.line}`));
  }
  return lines.length ? `${lines.join('\n')}\n` : 'No logon anomalies above the threshold.\n';
}

export function renderLogonSummary(report: LogonReport, elapsedMs: number): string {
  const skipped = report.files.flatMap((f) => Object.entries(f.skipped));
  const skip = new Map<string, number>();
  for (const [k, n] of skipped) skip.set(k, (skip.get(k) ?? 0) + n);
  const lines = [
    `${grouped(report.logons)} logons of ${grouped(report.users)} users over ${report.days} days read in ${(elapsedMs / 1000).toFixed(1)} s; ${grouped(report.scored.length)} scored, ${report.alerts.length} alerts${report.overBudget ? ` (${report.overBudget} more over the daily budget)` : ''}.`,
  ];
  if (skip.size) lines.push(`Skipped: ${[...skip].map(([k, n]) => `${grouped(n)} ${k}`).join(', ')}.`);
  if (report.serviceAccounts.length)
    lines.push(
      `Service accounts (by their regularity): ${report.serviceAccounts.slice(0, 10).join(', ')}${report.serviceAccounts.length > 10 ? ', …' : ''}.`,
    );
  for (const f of report.files) {
    const cols = Object.entries(f.columns)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    lines.push(`${f.path}: ${grouped(f.rows)} rows, columns ${cols || 'none recognised'}`);
    if (f.notUnderstood) {
      lines.push(`  ${grouped(f.notUnderstood)} rows not understood, e.g.:`);
      for (const s of f.samples) lines.push(`    line ${s.line}: ${s.reason}: ${s.text}`);
    }
    if (f.error)
      lines.push(`  error: ${f.error.message}${f.error.where?.line ? ` (line ${f.error.where.line})` : ''}`);
  }
  lines.push(`Geolocation: ${report.geoSource}.`);
  return `${lines.join('\n')}\n`;
}

/** An alert as data: its evidence, its reasons, its numbers. */
export function alertJson(a: LogonAlert): object {
  const s = a.top;
  return {
    kind: a.kind,
    subject: a.subject,
    day: a.day,
    score: round(a.score),
    why: explain(a),
    user: s.logon.user,
    time: new Date(s.logon.timestamp).toISOString(),
    local: s.local,
    zone: s.zone,
    sourceIp: s.logon.sourceIp || undefined,
    place: s.logon.place,
    workstation: s.logon.workstation || undefined,
    logonType: s.logon.logonType || undefined,
    outcome: s.logon.outcome,
    baseline: s.baseline,
    forest: Number.isNaN(s.forest) ? undefined : round(s.forest),
    signals: s.signals.map((g) => ({ ...g, strength: round(g.strength) })),
    evidence: a.logons.map((x) => ({ file: x.logon.file, line: x.logon.line })),
    users: a.users,
    succeeded: a.succeeded,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
