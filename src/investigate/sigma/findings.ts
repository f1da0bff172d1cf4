import type { DetectionRule, RuleLogsource } from '../../detect/sigma/index.ts';

/** Where a matching record is: its file and line, and for JSON its record number (from 1). */
export type SigmaEvidence = { file: string; line: number; record?: number; time?: number };

/** What a finding says about its rule. */
export type RuleSummary = {
  id?: string;
  title: string;
  level?: string;
  status?: string;
  description?: string;
  tags: string[];
  logsource: RuleLogsource;
  file: string;
  line: number;
};

/** One rule's matches: how many, when, and the first records that matched. */
export type SigmaFinding = {
  rule: RuleSummary;
  count: number;
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

export function ruleSummary(r: DetectionRule): RuleSummary {
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

type Open = { rule: DetectionRule; count: number; first?: number; last?: number; evidence: SigmaEvidence[] };

/**
 * Matches grouped by rule as they stream in: a count, the time span, and the first `limit` records
 * as evidence — memory per rule is bounded whatever the input's size.
 */
export class FindingCollector {
  readonly #limit: number;
  readonly #byRule = new Map<DetectionRule, Open>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  add(rule: DetectionRule, evidence: SigmaEvidence): void {
    let f = this.#byRule.get(rule);
    if (f === undefined) {
      f = { rule, count: 0, evidence: [] };
      this.#byRule.set(rule, f);
    }
    f.count++;
    const t = evidence.time;
    if (t !== undefined) {
      if (f.first === undefined || t < f.first) f.first = t;
      if (f.last === undefined || t > f.last) f.last = t;
    }
    if (f.evidence.length < this.#limit) f.evidence.push(evidence);
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
        moreEvidence: f.count - f.evidence.length,
      }))
      .sort(
        (a, b) =>
          rank(a.rule.level) - rank(b.rule.level) ||
          b.count - a.count ||
          (a.rule.title < b.rule.title ? -1 : a.rule.title > b.rule.title ? 1 : 0),
      );
  }
}
