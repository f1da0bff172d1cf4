/** Sigma findings and rule tests: the human table, `--json` (one document), `--jsonl` (one finding a line). */
import { formatError } from '../core/errors.ts';
import { isoUtc } from '../core/time.ts';
import type {
  RuleTestReport,
  SigmaEvidence,
  SigmaFinding,
  SigmaQuery,
  SigmaReport,
} from '../investigate/index.ts';
import { fileIssues, grouped, readCounts, type Style, table } from './text.ts';

/** Evidence cited in the human output per rule; `--json` lists all that were kept. */
const HUMAN_EVIDENCE = 10;
/** Rejected rules listed in the run summary; `picket rules check` lists them all. */
const SUMMARY_REJECTED = 5;

/** `file:line`, and for a JSON record its number: `events.json:12 #4`. */
export function cite(e: SigmaEvidence): string {
  return e.record === undefined ? `${e.file}:${e.line}` : `${e.file}:${e.line} #${e.record}`;
}

/** A finding as JSON: times as ISO 8601 UTC, the rule's place as `file:line`, evidence as objects. */
export function sigmaFindingJson(f: SigmaFinding) {
  return {
    rule: { ...f.rule, where: `${f.rule.file}:${f.rule.line}` },
    count: f.count,
    first: f.first === undefined ? null : isoUtc(f.first),
    last: f.last === undefined ? null : isoUtc(f.last),
    evidence: f.evidence.map((e) => ({
      at: cite(e),
      file: e.file,
      line: e.line,
      ...(e.record === undefined ? {} : { record: e.record }),
      time: e.time === undefined ? null : isoUtc(e.time),
    })),
    moreEvidence: f.moreEvidence,
    ...(f.alerts
      ? { alerts: f.alerts.map((a) => ({ ...a, first: isoUtc(a.first), last: isoUtc(a.last) })) }
      : {}),
  };
}

export function renderSigmaJson(report: SigmaReport, question: Omit<SigmaQuery, 'progress'>): string {
  const { findings, ...rest } = report;
  return `${JSON.stringify({ question, findings: findings.map(sigmaFindingJson), ...rest }, null, 2)}\n`;
}

export function renderSigmaJsonl(report: SigmaReport): string {
  return report.findings.map((f) => `${JSON.stringify(sigmaFindingJson(f))}\n`).join('');
}

/**
 * The human table: one row per rule, most severe level first, then most matches; below it each
 * rule's id, file:line, tags and a sample of its evidence.
 */
export function renderSigmaTable(report: SigmaReport, s: Style): string {
  if (report.findings.length === 0)
    return `No rule matched (${grouped(report.records)} records, ${report.rules.loaded} rules).\n`;
  const paint = (level: string | undefined) => {
    const text = level ?? '-';
    if (level === 'critical' || level === 'high') return s.red(text);
    if (level === 'medium') return s.yellow(text);
    return text;
  };
  const rows = report.findings.map((f) => [
    paint(f.rule.level),
    String(f.count),
    f.rule.title,
    f.first === undefined ? '-' : short(isoUtc(f.first)),
    f.last === undefined ? '-' : short(isoUtc(f.last)),
  ]);
  const head = `${report.findings.length} rule(s) matched ${grouped(report.matches)} of ${grouped(report.records)} records.`;
  const out = [head, '', table(['level', 'matches', 'rule', 'first (UTC)', 'last (UTC)'], rows, s), ''];
  for (const f of report.findings) {
    out.push(`${s.bold(f.rule.title)} ${s.dim(`[${f.rule.level ?? 'no level'}]`)}`);
    out.push(`  rule      ${f.rule.id ?? '(no id)'}  ${f.rule.file}:${f.rule.line}`);
    if (f.rule.tags.length > 0) out.push(`  tags      ${f.rule.tags.join(' ')}`);
    for (const a of f.alerts?.slice(0, HUMAN_EVIDENCE) ?? [])
      out.push(
        `  alert     ${Object.entries(a.group)
          .map(([k, v]) => `${k}=${v ?? '(none)'}`)
          .join(' ')}: ${a.value} (${a.events} events) ${short(isoUtc(a.first))} → ${short(isoUtc(a.last))}`,
      );
    const shown = f.evidence.slice(0, HUMAN_EVIDENCE);
    const more = f.evidence.length + f.moreEvidence - shown.length;
    out.push(`  evidence  ${citeLines(shown)}${more > 0 ? ` … and ${grouped(more)} more` : ''}`);
  }
  return `${out.join('\n')}\n`;
}

/** The run summary for stderr: files read, records, what was not understood, rules rejected, notes. */
export function renderSigmaSummary(report: SigmaReport, s: Style, elapsedMs: number): string {
  const out: string[] = [];
  out.push(
    s.bold(
      `${readCounts(report.files, elapsedMs)}; ` +
        `${grouped(report.records)} records met ${report.rules.loaded} rules from ${report.rules.files} rule file(s); ` +
        `${grouped(report.matches)} matched, ${report.findings.length} rule(s) fired.`,
    ),
  );
  for (const f of report.files) {
    out.push(
      `  ${f.path} [${f.format ?? '?'}${f.gzip ? ', gzip' : ''}]: ${f.lines} lines, ${f.records} records, ${f.matched} matched`,
    );
    out.push(...fileIssues(f, s));
  }
  for (const e of report.inputIssues) out.push(s.red(`  ${formatError(e)}`));
  const rejected = report.rules.rejected;
  if (rejected.length > 0) {
    out.push(
      s.yellow(
        `  ${rejected.length} rule(s) rejected, not run${rejected.length > SUMMARY_REJECTED ? ` (first ${SUMMARY_REJECTED}; picket rules check lists all)` : ''}:`,
      ),
    );
    for (const r of rejected.slice(0, SUMMARY_REJECTED)) out.push(`    ${r.file}:${r.line} ${r.reason}`);
  }
  for (const n of report.mappings.notes) out.push(s.dim(`  ${n.file}:${n.line} ${n.reason}`));
  const notes = report.files.flatMap((f) => f.notes);
  if (notes.length > 0) out.push('Assumptions:', ...notes.map((n) => `  ${n}`));
  return `${out.join('\n')}\n`;
}

/** `picket rules test`: PASS/FAIL per rule with file:line, each failure located, then the counts. */
export function renderRuleTests(report: RuleTestReport, json: boolean, s: Style): string {
  const failed = report.results.filter((r) => r.failures.length > 0);
  if (json)
    return `${JSON.stringify(
      {
        passed: failed.length === 0,
        ...report,
        results: report.results.map((r) => ({ ...r, ok: r.failures.length === 0 })),
      },
      null,
      2,
    )}\n`;
  const out: string[] = [];
  for (const r of report.results) {
    const ok = r.failures.length === 0;
    const what = r.kind === 'regression' ? 'regression case' : `${r.passed + r.failures.length} test(s)`;
    out.push(
      `${ok ? 'PASS' : s.red('FAIL')}  ${r.rule.file}:${r.rule.line}  ${r.rule.title} ${s.dim(`(${what})`)}`,
    );
    for (const f of r.failures) out.push(`        ${f.file}:${f.line} ${f.reason}`);
  }
  for (const k of report.skipped) out.push(s.dim(`SKIP  ${k.file}  ${k.reason}`));
  for (const n of report.mappingNotes) out.push(s.dim(`      ${n.file}:${n.line} ${n.reason}`));
  const rejected = report.rules.rejected.length;
  out.push(
    s.bold(
      `${report.results.length} tested: ${report.results.length - failed.length} passed, ${failed.length} failed; ` +
        `${report.untested} rule(s) without tests${rejected ? `, ${rejected} rejected (picket rules check lists them)` : ''}` +
        `${report.skipped.length ? `, ${report.skipped.length} case(s) skipped` : ''}.`,
    ),
  );
  return `${out.join('\n')}\n`;
}

/** Evidence as `file:3, 7, 9` (a JSON record with its number: `file:12 #4, 15 #5`), one group per file. */
function citeLines(evidence: readonly SigmaEvidence[]): string {
  const groups: { file: string; lines: string[] }[] = [];
  for (const e of evidence) {
    const at = e.record === undefined ? String(e.line) : `${e.line} #${e.record}`;
    const last = groups[groups.length - 1];
    if (last?.file === e.file) last.lines.push(at);
    else groups.push({ file: e.file, lines: [at] });
  }
  return groups.map((g) => `${g.file}:${g.lines.join(', ')}`).join('; ');
}

function short(iso: string): string {
  return iso.replace('T', ' ').replace(/\.000Z$/, 'Z');
}
