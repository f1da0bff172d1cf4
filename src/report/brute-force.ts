import { stringify } from 'csv-stringify/sync';
import { formatError } from '../core/errors.ts';
import { formatEvidence } from '../core/event.ts';
import { isoUtc } from '../core/time.ts';
import type { BruteForceReport, Finding } from '../investigate/index.ts';
import { fileIssues, grouped, readCounts, type Style, table } from './text.ts';

/** A finding as JSON: times as ISO 8601 UTC, evidence as `file:line`. */
export function findingJson(f: Finding) {
  const peak = (p: Finding['peak'] | Finding['perLog'][number]['peak']) => ({
    count: p.count,
    start: isoUtc(p.start),
    end: isoUtc(p.end),
    evidence: { first: formatEvidence(p.first), last: formatEvidence(p.last) },
  });
  return {
    address: f.address,
    logs: f.logs,
    compromised: f.compromised,
    peak: { log: f.peak.log, ...peak(f.peak) },
    failures: f.failures,
    users: f.users,
    firstFailure: { time: isoUtc(f.firstFailure.ts), evidence: formatEvidence(f.firstFailure.evidence) },
    lastFailure: isoUtc(f.lastFailureTs),
    success: f.success && {
      time: isoUtc(f.success.ts),
      user: f.success.user,
      log: f.success.log,
      failuresBefore: f.success.failuresBefore,
      evidence: formatEvidence(f.success.evidence),
    },
    perLog: f.perLog.map((p) => ({ log: p.log, failures: p.failures, peak: peak(p.peak) })),
  };
}

export function renderJson(report: BruteForceReport, question: object): string {
  const { findings, ...rest } = report;
  return `${JSON.stringify({ question, findings: findings.map(findingJson), ...rest }, null, 2)}\n`;
}

export function renderJsonl(report: BruteForceReport): string {
  return report.findings.map((f) => `${JSON.stringify(findingJson(f))}\n`).join('');
}

export function renderCsv(report: BruteForceReport): string {
  return stringify(
    report.findings.map((f) => {
      const j = findingJson(f);
      return {
        address: j.address,
        logs: j.logs.join('+'),
        compromised: j.compromised,
        peak_count: j.peak.count,
        peak_start: j.peak.start,
        peak_end: j.peak.end,
        failures: j.failures,
        distinct_users: j.users.distinct,
        top_users: j.users.top.map((u) => `${u.name}:${u.count}`).join(' '),
        first_failure: j.firstFailure.time,
        last_failure: j.lastFailure,
        success_time: j.success?.time ?? '',
        success_user: j.success?.user ?? '',
        evidence_first_failure: j.firstFailure.evidence,
        evidence_peak: `${j.peak.evidence.first}..${j.peak.evidence.last}`,
        evidence_success: j.success?.evidence ?? '',
      };
    }),
    { header: true, cast: { boolean: (v) => String(v) } },
  );
}

/** The human table: one row per address, likely compromises first; evidence below each row. */
export function renderTable(report: BruteForceReport, s: Style): string {
  if (report.findings.length === 0) return 'No address crossed the threshold.\n';
  const rows = report.findings.map((f) => {
    const j = findingJson(f);
    return [
      f.compromised ? s.red('COMPROMISED?') : s.yellow('brute force'),
      j.address,
      j.logs.join('+'),
      String(j.peak.count),
      `${short(j.peak.start)} → ${short(j.peak.end)}`,
      String(j.failures),
      `${j.users.distinct}${
        j.users.top.length
          ? ` (${j.users.top
              .slice(0, 3)
              .map((u) => u.name)
              .join(', ')})`
          : ''
      }`,
      j.success ? `${short(j.success.time)} as ${j.success.user ?? '?'} (${j.success.evidence})` : '-',
    ];
  });
  const head = [
    'verdict',
    'address',
    'log',
    'peak',
    'peak window (UTC)',
    'failures',
    'users tried',
    'then logged in',
  ];
  return `${table(head, rows, s)}\n`;
}

/** The run summary for stderr: what was read, what was not understood (with samples), what was assumed. */
export function renderSummary(report: BruteForceReport, s: Style, elapsedMs: number): string {
  const out: string[] = [];
  out.push(
    s.bold(
      `${readCounts(report.files, elapsedMs)}; ` +
        `${grouped(report.attempts.failure)} failed and ${grouped(report.attempts.success)} successful logins from ${grouped(report.addresses)} address(es); ${report.findings.length} flagged.`,
    ),
  );
  for (const f of report.files) {
    const types = Object.entries(f.eventsByType)
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => `${t} ${n}`)
      .join(', ');
    out.push(
      `  ${f.path} [${f.format ?? '?'}${f.gzip ? ', gzip' : ''}]: ${f.lines} lines${f.skipped ? ` (${f.skipped} passed over unparsed: cannot be logins)` : ''}, ${f.events} events used${types ? ` (${types})` : ''}`,
    );
    out.push(...fileIssues(f, s));
  }
  for (const e of report.inputIssues) out.push(s.red(`  ${formatError(e)}`));
  const notes = report.files.flatMap((f) => f.notes);
  if (notes.length > 0) out.push('Assumptions:', ...notes.map((n) => `  ${n}`));
  if (report.late > 0) {
    out.push(
      s.yellow(
        `  ${report.late} attempt(s) arrived later than --max-lateness allows; windows around them may be undercounted.`,
      ),
    );
  }
  return `${out.join('\n')}\n`;
}

function short(iso: string): string {
  return iso.replace('T', ' ').replace(/\.000Z$/, 'Z');
}
