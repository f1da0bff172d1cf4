import { selectivity } from './anchors.ts';
import type { Condition } from './condition.ts';
import { identifiersOf } from './condition.ts';

/**
 * What a record must have for a rule to have any chance: one of these (field slot, text) pairs,
 * where the field's lower-cased text contains the text. Undefined when nothing is known (a `not`,
 * a keyword, a regular expression, …): the rule must then be tried on every record it routes to.
 * The engine finds every rule's texts in one Aho–Corasick pass per field and tries only the rules
 * that can match.
 */
export type Requirement = readonly { slot: number; needle: string }[] | undefined;

/**
 * How selective a requirement is: its least selective text first (a longer text, or one with a rare
 * character — `{`, `$`, `@` — is found in fewer records: `={{` beats `get`), then fewer texts.
 */
const strength = (r: NonNullable<Requirement>) =>
  Math.min(...r.map((x) => selectivity(x.needle))) * 1e6 - r.length;

/** All must hold: any one's requirement is the whole's; the most selective one is kept. */
export function bothOf(reqs: readonly Requirement[]): Requirement {
  let best: Requirement;
  for (const r of reqs) if (r && (!best || strength(r) > strength(best))) best = r;
  return best;
}

/** One must hold: the requirement is theirs together, unless one has none. */
export function eitherOf(reqs: readonly Requirement[]): Requirement {
  if (reqs.length === 0 || reqs.some((r) => r === undefined)) return undefined;
  return reqs.flatMap((r) => r ?? []);
}

export function conditionRequirement(c: Condition, searches: ReadonlyMap<string, Requirement>): Requirement {
  switch (c.op) {
    case 'id':
      return searches.get(c.name);
    case 'not':
      return undefined;
    case 'and':
      return bothOf(c.args.map((a) => conditionRequirement(a, searches)));
    case 'or':
      return eitherOf(c.args.map((a) => conditionRequirement(a, searches)));
    case 'of': {
      const reqs = identifiersOf(c.pattern, [...searches.keys()]).map((n) => searches.get(n));
      return c.quantifier === 'all' ? bothOf(reqs) : eitherOf(reqs);
    }
  }
}
