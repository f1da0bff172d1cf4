/**
 * A run judged against a scenario's ground truth (`picket simulate logons`): for each anomaly
 * kind, PR-AUC of the logon scores (that kind's logons against the benign ones; other kinds' left
 * out) and precision and recall of the alerts (a logon is flagged when an alert stands for it).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { PicketError } from '../../core/errors.ts';
import { averagePrecision, precisionRecall } from '../../ml/metrics.ts';
import type { LogonReport } from './index.ts';

export type GroundTruth = {
  incidents: { kind: string; lines: number[]; users?: string[] }[];
};

export type KindScore = {
  kind: string;
  /** Labelled logons of this kind among the scored ones. */
  positives: number;
  prAuc: number;
  precision: number;
  recall: number;
};

export type Evaluation = {
  kinds: KindScore[];
  /** All kinds together. */
  all: KindScore;
  benign: number;
  /** Alerts per day per 1,000 users. */
  alertsPerDayPer1000: number;
};

export async function readGroundTruth(path: string): Promise<GroundTruth> {
  try {
    const truth = JSON.parse(await readFile(path, 'utf8')) as GroundTruth;
    if (!Array.isArray(truth.incidents)) throw new Error('no incidents list');
    return truth;
  } catch (err) {
    throw new PicketError('INPUT_UNREADABLE', `ground truth: ${(err as Error).message}`, { file: path });
  }
}

/** Labels refer to lines of the scenario's `logons.csv` (or of the only input). */
export function evaluate(report: LogonReport, truth: GroundTruth): Evaluation {
  const kindOfLine = new Map<number, string>();
  for (const inc of truth.incidents) for (const line of inc.lines) kindOfLine.set(line, inc.kind);
  const single = report.files.length === 1;
  const kindOf = (file: string, line: number) =>
    single || basename(file).startsWith('logons.') ? kindOfLine.get(line) : undefined;
  const flagged = new Set<object>();
  for (const a of report.alerts) for (const s of a.logons) flagged.add(s);

  const scores = report.scored.map((s) => s.score);
  const kinds = report.scored.map((s) => kindOf(s.logon.file, s.logon.line));
  const isFlagged = report.scored.map((s) => flagged.has(s));
  const scoreFor = (kind: string | undefined): KindScore => {
    const keep = kinds.map((k) => k === undefined || kind === undefined || k === kind);
    const pick = <T>(xs: T[]) => xs.filter((_, i) => keep[i]);
    const labels = pick(kinds).map((k) => k !== undefined);
    const pr = precisionRecall(pick(isFlagged), labels);
    return {
      kind: kind ?? 'all',
      positives: pr.positives,
      prAuc: averagePrecision(pick(scores), labels),
      precision: pr.precision,
      recall: pr.recall,
    };
  };
  const names = [...new Set(truth.incidents.map((i) => i.kind))].sort();
  return {
    kinds: names.map(scoreFor),
    all: scoreFor(undefined),
    benign: kinds.filter((k) => k === undefined).length,
    alertsPerDayPer1000: report.alerts.length / Math.max(1, scoredDays(report)) / (report.users / 1000),
  };
}

function scoredDays(report: LogonReport): number {
  return new Set(report.scored.map((s) => Math.floor(s.logon.timestamp / 86_400_000))).size;
}
