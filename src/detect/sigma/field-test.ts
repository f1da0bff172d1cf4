import type { Scalar } from '../../core/record.ts';
import { NeedleSet } from './needles.ts';
import {
  ANY,
  asPattern,
  base64,
  base64Offsets,
  compilePattern,
  type Encoded,
  expandPlaceholders,
  type Pattern,
  parsePattern,
  RuleError,
  requiredText,
  type Shape,
  shapeOf,
  utf16,
  windash,
} from './pattern.ts';
import { type FieldTable, type Subject, scalarText } from './subject.ts';
import {
  cidrTest,
  fieldRefTest,
  numberTest,
  regexLiteral,
  regexTest,
  TIME_PARTS,
  type ValueTest,
} from './value-tests.ts';

/** A compiled piece of a rule: true when the record matches. */
export type Test = (s: Subject) => boolean;

export type CompileOptions = {
  /** Values of `%name%` placeholders for the `expand` modifier. */
  placeholders?: Readonly<Record<string, readonly string[]>>;
};

/** A field test, and the literal texts one of which a matching field must contain (for prefilters). */
export type FieldTest = { test: Test; field: string; needles?: string[] };

// biome-ignore format: a table
const MODIFIERS = new Set([
  'contains', 'startswith', 'endswith', 'all', 'exists', 'cased', 'neq', 're', 'i', 'm', 's',
  'base64', 'base64offset', 'utf16le', 'utf16be', 'utf16', 'wide', 'windash', 'cidr',
  'lt', 'lte', 'gt', 'gte', 'minute', 'hour', 'day', 'week', 'month', 'year', 'fieldref', 'expand',
]);

/**
 * Compiles `field|mod1|mod2: values` (field '' for keywords) to a test. Values are OR-ed unless
 * `all`; modifiers apply in the order written.
 */
export function compileFieldTest(
  key: string,
  raw: unknown,
  table: FieldTable,
  opts: CompileOptions,
): FieldTest {
  const [field, ...mods] = key.split('|');
  for (const m of mods) if (!MODIFIERS.has(m)) throw new RuleError(`unknown modifier '${m}' in '${key}'`);
  const has = (m: string) => mods.includes(m);
  const values = (Array.isArray(raw) ? raw : [raw]) as unknown[];
  if (values.length === 0) throw new RuleError(`'${key}' has an empty list of values`);
  for (const v of values)
    if (v !== null && typeof v === 'object')
      throw new RuleError(`'${key}' has a value that is a map or list`);
  for (const m of ['i', 'm', 's'])
    if (has(m) && !has('re')) throw new RuleError(`modifier '${m}' needs 're' in '${key}'`);
  if (has('all') && values.length < 2) throw new RuleError(`'all' needs several values in '${key}'`);
  const keyword = field === '';
  const slot = table.slot(field);

  if (has('exists')) {
    if (values.length !== 1 || typeof values[0] !== 'boolean')
      throw new RuleError(`'exists' takes true or false in '${key}'`);
    const want = values[0];
    return { field, test: (s) => (s.value(slot) !== undefined) === want };
  }

  // One group per value: its variants (several after base64offset or expand) are OR-ed.
  const groups: Variant[][] = [];
  let nullTest = false;
  for (const v of values as Scalar[]) {
    if (v === null) nullTest = true;
    else groups.push(variants(v, mods, key, keyword, table, opts));
  }
  const all = has('all');
  const tests = all ? groups.map((g) => anyOf(g)) : groups.length > 0 ? [anyOf(groups.flat())] : [];
  const each = all
    ? (text: string, lower: string, s: Subject) => tests.every((t) => t(text, lower, s))
    : tests.length === 1
      ? tests[0]
      : () => false;

  let test: Test;
  if (keyword) {
    test = all
      ? (s) => tests.every((t) => s.keywords().text.some((x, i) => t(x, s.keywords().lower[i], s)))
      : (s) => {
          const k = s.keywords();
          for (let i = 0; i < k.text.length; i++) if (each(k.text[i], k.lower[i], s)) return true;
          return false;
        };
  } else {
    test = (s) => {
      const text = s.text(slot);
      if (text !== undefined) return each(text, s.lower(slot) as string, s) || (nullTest && text === '');
      const v = s.value(slot);
      if (v === undefined || v === null) return nullTest;
      if (!Array.isArray(v)) return false;
      return v.some((x: Scalar) => {
        const t = scalarText(x);
        return t !== undefined && each(t, t.toLowerCase(), s);
      });
    };
  }
  if (has('neq')) {
    const equal = test;
    test = (s) => !equal(s);
  }
  const needles = nullTest || has('neq') ? undefined : requirement(groups, all);
  return { field, test, needles };
}

/** One way a value can match: a pattern (with its case rule), or a test of another kind. */
type Variant = { pattern: Pattern; cased: boolean } | { test: ValueTest; needle?: string };

/** Texts one of which the field must contain for the test to pass, or undefined if there are none. */
function requirement(groups: Variant[][], all: boolean): string[] | undefined {
  const needlesOf = (g: Variant[]) => {
    const out = g.map((v) => ('pattern' in v ? requiredText(v.pattern) : (v.needle ?? '')));
    return out.every((n) => n.length > 0) ? out : undefined;
  };
  if (!all) return needlesOf(groups.flat());
  // Every value must match: any one value's needles will do; take the longest.
  const options = groups.map(needlesOf).filter((n) => n !== undefined);
  return options.sort((a, b) => Math.min(...b.map((x) => x.length)) - Math.min(...a.map((x) => x.length)))[0];
}

/**
 * OR of variants. Many plain literals (a list of file names, hashes, command-line fragments) are
 * matched together, by shape: equality by a Set, prefixes and suffixes by walking a trie from the
 * text's start or end, substrings by one Aho–Corasick pass — the same answers as testing them one by
 * one, in one look at the text.
 */
function anyOf(variants: Variant[]): ValueTest {
  const shapes: Shape[] = [];
  const tests: ValueTest[] = [];
  for (const v of variants) {
    const shape = 'pattern' in v && !v.cased ? shapeOf(v.pattern) : undefined;
    if (shape && shape.text !== '') shapes.push({ kind: shape.kind, text: shape.text.toLowerCase() });
    else tests.push('pattern' in v ? compilePattern(v.pattern, v.cased) : v.test);
  }
  const of = (kind: Shape['kind']) => shapes.filter((x) => x.kind === kind).map((x) => x.text);
  const [exact, prefixes, suffixes, substrings] = [of('exact'), of('prefix'), of('suffix'), of('contains')];
  if (exact.length > 0) {
    const set = new Set(exact);
    tests.push((_, lower) => set.has(lower));
  }
  // A few literals are quicker tested one by one than by walking a trie of Maps.
  if (prefixes.length >= 8) tests.push(trieTest(prefixes, false));
  else if (prefixes.length > 0) tests.push((_, lower) => prefixes.some((x) => lower.startsWith(x)));
  if (suffixes.length >= 8) tests.push(trieTest(suffixes, true));
  else if (suffixes.length > 0) tests.push((_, lower) => suffixes.some((x) => lower.endsWith(x)));
  if (substrings.length >= 8) {
    const set = new NeedleSet(substrings);
    tests.push((_, lower) => set.scan(lower, () => true));
  } else if (substrings.length > 0) tests.push((_, lower) => substrings.some((x) => lower.includes(x)));
  if (tests.length === 1) return tests[0];
  return (text, lower, s) => {
    for (const t of tests) if (t(text, lower, s)) return true;
    return false;
  };
}

type TrieNode = { end: boolean; next: Map<number, TrieNode> };

/** Whether the text starts (or, `fromEnd`, ends) with one of the literals: a walk of a trie. */
function trieTest(literals: string[], fromEnd: boolean): ValueTest {
  const root: TrieNode = { end: false, next: new Map() };
  for (const literal of literals) {
    let node = root;
    for (let i = 0; i < literal.length; i++) {
      const c = literal.charCodeAt(fromEnd ? literal.length - 1 - i : i);
      const child = node.next.get(c) ?? { end: false, next: new Map() };
      node.next.set(c, child);
      node = child;
    }
    node.end = true;
  }
  return (_, lower) => {
    let node: TrieNode | undefined = root;
    for (let i = 0; i < lower.length; i++) {
      node = node.next.get(lower.charCodeAt(fromEnd ? lower.length - 1 - i : i));
      if (!node) return false;
      if (node.end) return true;
    }
    return false;
  };
}

/** The variants one value stands for (several after `base64offset`, `expand`, …). */
function variants(
  v: Exclude<Scalar, null>,
  mods: string[],
  key: string,
  keyword: boolean,
  table: FieldTable,
  opts: CompileOptions,
): Variant[] {
  const has = (m: string) => mods.includes(m);
  const text = String(v);
  if (has('re')) return [{ test: regexTest(text, mods, key), needle: regexLiteral(text) }];
  if (has('cidr')) return [{ test: cidrTest(text, key) }];
  const time = TIME_PARTS.find(has);
  const compare = (['lt', 'lte', 'gt', 'gte'] as const).find(has);
  if (time || compare) return [{ test: numberTest(v, time, compare, key) }];
  if (has('fieldref')) return [{ test: fieldRefTest(text, mods, table) }];

  let values: Encoded[] = has('expand')
    ? expandPlaceholders(parsePattern(text, true), opts.placeholders ?? {})
    : [parsePattern(text)];
  let cased = has('cased');
  for (const m of mods) {
    if (m === 'windash') values = values.map((x) => windash(asPattern(x)));
    else if (m === 'utf16le' || m === 'wide') values = values.map((x) => utf16(x, 'utf16le'));
    else if (m === 'utf16be' || m === 'utf16') values = values.map((x) => utf16(x, m));
    else if (m === 'base64') values = values.map((x) => [{ text: base64(x, m) }]);
    else if (m === 'base64offset') values = values.flatMap((x) => base64Offsets(x).map((t) => [{ text: t }]));
    // Base64 text is case-sensitive: folding it would match other bytes.
    if (m === 'base64' || m === 'base64offset') cased = true;
  }
  const contains = has('contains') || (keyword && !has('startswith') && !has('endswith'));
  return values.map((x) => {
    let p: Pattern = asPattern(x);
    if (contains || has('endswith')) p = [ANY, ...p];
    if (contains || has('startswith')) p = [...p, ANY];
    return { pattern: p, cased };
  });
}
