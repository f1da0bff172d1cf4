import type { Test } from './field-test.ts';
import { RuleError } from './pattern.ts';

/**
 * A rule's `condition`, parsed. Precedence, least to most binding: `or`, `and`, `not`,
 * `x of pattern`, parentheses (Sigma specification, "Condition").
 */
export type Condition =
  | { op: 'and' | 'or'; args: Condition[] }
  | { op: 'not'; arg: Condition }
  | { op: 'id'; name: string }
  | { op: 'of'; quantifier: number | 'all'; pattern: string };

type Token = { text: string; at: number };

function tokenize(source: string): Token[] {
  return [...source.matchAll(/[()]|[^\s()]+/g)].map((m) => ({ text: m[0], at: m.index }));
}

const KEYWORDS = new Set(['and', 'or', 'not', 'of', 'them', '(', ')']);

export function parseCondition(source: string): Condition {
  const tokens = tokenize(source);
  let i = 0;
  const peek = () => tokens[i]?.text.toLowerCase();
  const fail = (what: string): never => {
    const at = tokens[i]?.at ?? source.length;
    throw new RuleError(`condition '${source}': ${what} at column ${at + 1}`);
  };
  const binary = (op: 'and' | 'or', next: () => Condition) => (): Condition => {
    const args = [next()];
    while (peek() === op) {
      i++;
      args.push(next());
    }
    return args.length === 1 ? args[0] : { op, args };
  };
  const primary = (): Condition => {
    const t = peek();
    if (t === undefined) return fail('expected an identifier, found the end');
    if (t === '(') {
      i++;
      const inner = or();
      if (peek() !== ')') fail("expected ')'");
      i++;
      return inner;
    }
    if (tokens[i + 1]?.text.toLowerCase() === 'of') {
      const quantifier =
        t === 'all' ? 'all' : /^[1-9]\d*$/.test(t) ? Number(t) : fail(`'of' needs '1' or 'all', not '${t}'`);
      i += 2;
      const pattern = tokens[i]?.text;
      if (pattern === undefined || (KEYWORDS.has(pattern.toLowerCase()) && pattern.toLowerCase() !== 'them'))
        fail("expected 'them' or a pattern after 'of'");
      i++;
      return {
        op: 'of',
        quantifier,
        pattern: (pattern as string).toLowerCase() === 'them' ? 'them' : (pattern as string),
      };
    }
    if (KEYWORDS.has(t)) fail(`unexpected '${tokens[i].text}'`);
    return { op: 'id', name: tokens[i++].text };
  };
  const not = (): Condition => {
    if (peek() !== 'not') return primary();
    i++;
    return { op: 'not', arg: not() };
  };
  const and = binary('and', not);
  const or = binary('or', and);
  const result = or();
  if (i < tokens.length) fail(`unexpected '${tokens[i].text}'`);
  return result;
}

/** Search identifiers a pattern names: `them` is all but those starting with `_`; `*` is a wildcard. */
export function identifiersOf(pattern: string, names: readonly string[]): string[] {
  if (pattern === 'them') return names.filter((n) => !n.startsWith('_'));
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return names.filter((n) => re.test(n));
}

/** Builds the condition's test from its search identifiers' tests. */
export function compileCondition(c: Condition, source: string, tests: ReadonlyMap<string, Test>): Test {
  const names = [...tests.keys()];
  const get = (name: string) => {
    const t = tests.get(name);
    if (!t) throw new RuleError(`condition '${source}' names '${name}', which the detection does not define`);
    return t;
  };
  switch (c.op) {
    case 'id':
      return get(c.name);
    case 'not': {
      const arg = compileCondition(c.arg, source, tests);
      return (s) => !arg(s);
    }
    case 'and':
    case 'or': {
      const args = c.args.map((a) => compileCondition(a, source, tests));
      return c.op === 'and' ? every(args) : some(args);
    }
    case 'of': {
      const matched = identifiersOf(c.pattern, names).map(get);
      if (matched.length === 0)
        throw new RuleError(`condition '${source}': no search identifier matches '${c.pattern}'`);
      if (c.quantifier === 'all') return every(matched);
      if (c.quantifier === 1) return some(matched);
      const n = c.quantifier;
      return (s) => matched.reduce((k, t) => k + (t(s) ? 1 : 0), 0) >= n;
    }
  }
}

export function every(tests: Test[]): Test {
  if (tests.length === 1) return tests[0];
  if (tests.length === 2) {
    const [a, b] = tests;
    return (s) => a(s) && b(s);
  }
  return (s) => {
    for (const t of tests) if (!t(s)) return false;
    return true;
  };
}

export function some(tests: Test[]): Test {
  if (tests.length === 1) return tests[0];
  if (tests.length === 2) {
    const [a, b] = tests;
    return (s) => a(s) || b(s);
  }
  return (s) => {
    for (const t of tests) if (t(s)) return true;
    return false;
  };
}
