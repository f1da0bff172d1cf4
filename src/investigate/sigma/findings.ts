import type { CorrelationAlert, RuleInfo } from '../../detect/sigma/index.ts';

/** Where a matching record is: its file and line, and for JSON its record number (from 1). */
export type SigmaEvidence = { file: string; line: number; record?: number; time?: number };

/** What a finding says about its rule: what the rule says about itself, but its `name`. */
export type RuleSummary = Omit<RuleInfo, 'name'>;

/** A correlation's alert: its group, its window, and the count or value that met the condition. */
export type SigmaAlert = {
  group: Record<string, string | null>;
  first: number;
  last: number;
  value: number;
  events: number;
};

/** One rule's matches (a correlation's alerts): how many, when, and the first records that matched. */
export type SigmaFinding = {
  rule: RuleSummary;
  count: number;
  /** For a correlation rule: its first alerts (as many as evidence is kept for). */
  alerts?: SigmaAlert[];
  /** Earliest and latest time of the matching records that have one (epoch ms UTC). */
  first?: number;
  last?: number;
  evidence: SigmaEvidence[];
  /** Matches beyond the evidence kept. */
  moreEvidence: number;
};

/** Sigma's levels, most severe first. */
export const LEVELS = ['critical', 'high', 'medium', 'low', 'informational'] as const;

const rank = (level: string | undefined) => {
  const i = (LEVELS as readonly string[]).indexOf(level ?? '');
  return i === -1 ? LEVELS.length : i;
};

export function ruleSummary(r: RuleInfo): RuleSummary {
  return {
    id: r.id,
    title: r.title,
    level: r.level,
    status: r.status,
    description: r.description,
    tags: r.tags,
    logsource: r.logsource,
    file: r.file,
    line: r.line,
  };
}

type Open = {
  rule: RuleInfo;
  count: number;
  first?: number;
  last?: number;
  evidence: SigmaEvidence[];
  /** Evidence offered: matches, or for a correlation the events of its alerts' windows. */
  offered: number;
  alerts?: SigmaAlert[];
};

/**
 * Matches grouped by rule as they stream in: a count, the time span, and the first `limit` records
 * as evidence — memory per rule is bounded whatever the input's size.
 */
export class FindingCollector {
  readonly #limit: number;
  readonly #byRule = new Map<RuleInfo, Open>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  add(rule: RuleInfo, evidence: SigmaEvidence): void {
    const f = this.#open(rule);
    f.count++;
    f.offered++;
    const t = evidence.time;
    if (t !== undefined) {
      if (f.first === undefined || t < f.first) f.first = t;
      if (f.last === undefined || t > f.last) f.last = t;
    }
    if (f.evidence.length < this.#limit) f.evidence.push(evidence);
  }

  /** A correlation's alert: one finding of its rule, citing the events of its window. */
  addAlert(a: CorrelationAlert): void {
    const f = this.#open(a.rule);
    f.count++;
    f.offered += a.events;
    if (f.first === undefined || a.firstTs < f.first) f.first = a.firstTs;
    if (f.last === undefined || a.lastTs > f.last) f.last = a.lastTs;
    f.alerts ??= [];
    if (f.alerts.length < this.#limit)
      f.alerts.push({ group: a.group, first: a.firstTs, last: a.lastTs, value: a.value, events: a.events });
    for (const e of a.evidence)
      if (f.evidence.length < this.#limit) f.evidence.push({ file: e.file, line: e.line });
  }

  #open(rule: RuleInfo): Open {
    let f = this.#byRule.get(rule);
    if (f === undefined) {
      f = { rule, count: 0, evidence: [], offered: 0 };
      this.#byRule.set(rule, f);
    }
    return f;
  }

  /** Ranked: by level (critical first, no level last), then by count, then by title. */
  findings(): SigmaFinding[] {
    return [...this.#byRule.values()]
      .map((f) => ({
        rule: ruleSummary(f.rule),
        count: f.count,
        first: f.first,
        last: f.last,
        evidence: f.evidence,
        moreEvidence: f.offered - f.evidence.length,
        ...(f.alerts ? { alerts: f.alerts } : {}),
      }))
      .sort(
        (a, b) =>
          rank(a.rule.level) - rank(b.rule.level) ||
          b.count - a.count ||
          (a.rule.title < b.rule.title ? -1 : a.rule.title > b.rule.title ? 1 : 0),
      );
  }
}
