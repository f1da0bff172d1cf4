import type { Fields, Logsource } from '../../core/record.ts';
import type { DetectionRule, RuleLogsource } from './rule.ts';
import { type FieldTable, Subject } from './subject.ts';

/**
 * Runs compiled rules over records. Each record meets only the rules whose `logsource` it can
 * belong to (the routing is computed once per distinct logsource object, so sources should reuse
 * them); a record without a logsource meets every rule.
 */
export class SigmaEngine {
  readonly rules: readonly DetectionRule[];
  readonly #subject: Subject;
  readonly #routes = new WeakMap<Logsource, DetectionRule[]>();

  constructor(rules: readonly DetectionRule[], table: FieldTable) {
    this.rules = rules;
    this.#subject = new Subject(table);
  }

  /** The rules the record matches, in load order. */
  match(fields: Fields, logsource?: Logsource): DetectionRule[] {
    const s = this.#subject;
    s.reset(fields);
    const out: DetectionRule[] = [];
    for (const rule of this.route(logsource)) if (rule.test(s)) out.push(rule);
    return out;
  }

  /** The rules a record of this logsource meets. */
  route(logsource: Logsource | undefined): readonly DetectionRule[] {
    if (!logsource) return this.rules;
    let rules = this.#routes.get(logsource);
    if (!rules) {
      rules = this.rules.filter((r) => routes(r.logsource, logsource));
      this.#routes.set(logsource, rules);
    }
    return rules;
  }
}

/** A part the rule names must be one the record has, unless the record's part is unknown. */
export function routes(rule: RuleLogsource, record: Logsource): boolean {
  if (rule.product && record.product && rule.product !== record.product) return false;
  if (rule.category && record.categories && !record.categories.includes(rule.category)) return false;
  if (rule.service && record.services && !record.services.includes(rule.service)) return false;
  return true;
}
