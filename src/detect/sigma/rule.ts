import { compileCondition, parseCondition, some } from './condition.ts';
import { type CompileOptions, compileFieldTest, type FieldTest, type Test } from './field-test.ts';
import { RuleError } from './pattern.ts';
import { bothOf, conditionRequirement, eitherOf, type Requirement } from './requirement.ts';
import type { FieldTable } from './subject.ts';

/** A rule's `logsource`: which logs it is written for. */
export type RuleLogsource = { product?: string; category?: string; service?: string };

/** What every Sigma document says about itself, and where it is. */
export type RuleInfo = {
  title: string;
  id?: string;
  /** `name`: how correlation and filter rules may refer to it. */
  name?: string;
  level?: string;
  status?: string;
  description?: string;
  tags: string[];
  logsource: RuleLogsource;
  file: string;
  line: number;
};

/** A detection rule, compiled: `test` is its whole detection (filters included). */
export type DetectionRule = RuleInfo & { kind: 'detection'; test: Test; requirement: Requirement };

/** A filter (meta) rule: target rules match only where `test` does not. */
export type FilterRule = RuleInfo & { kind: 'filter'; targets: string[]; test: Test };

type Doc = Record<string, unknown>;

const isMap = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads the metadata every kind of rule shares; rejects a document without a usable title. */
export function ruleInfo(doc: Doc, file: string, line: number): RuleInfo {
  const text = (key: string) => {
    const v = doc[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' && typeof v !== 'number') throw new RuleError(`'${key}' must be text`, [key]);
    return String(v);
  };
  const title = text('title');
  if (!title) throw new RuleError("missing 'title'", []);
  const tags = doc.tags ?? [];
  if (!Array.isArray(tags)) throw new RuleError("'tags' must be a list", ['tags']);
  const ls = doc.logsource ?? {};
  if (!isMap(ls)) throw new RuleError("'logsource' must be a map", ['logsource']);
  const part = (key: string) => (typeof ls[key] === 'string' ? (ls[key] as string) : undefined);
  return {
    title,
    id: text('id'),
    name: text('name'),
    level: text('level'),
    status: text('status'),
    description: text('description'),
    tags: tags.map(String),
    logsource: { product: part('product'), category: part('category'), service: part('service') },
    file,
    line,
  };
}

/** A compiled detection: its test, and what a record needs for it to have any chance. */
export type Compiled = { test: Test; requirement: Requirement };

/** Compiles the search identifiers and condition of a `detection` (or a filter's `filter`) section. */
export function compileDetection(
  section: unknown,
  at: string,
  table: FieldTable,
  opts: CompileOptions,
  skip: readonly string[] = [],
): Compiled {
  if (!isMap(section)) throw new RuleError(`'${at}' must be a map`, [at]);
  const tests = new Map<string, Test>();
  const requirements = new Map<string, Requirement>();
  for (const [name, search] of Object.entries(section)) {
    if (name === 'condition' || name === 'timeframe' || skip.includes(name)) continue;
    const c = compileSearch(search, [at, name], table, opts);
    tests.set(name, c.test);
    requirements.set(name, c.requirement);
  }
  const condition = section.condition;
  const sources = typeof condition === 'string' ? [condition] : condition;
  if (!Array.isArray(sources) || sources.length === 0 || !sources.every((c) => typeof c === 'string'))
    throw new RuleError(`'${at}' needs a 'condition'`, [at, 'condition']);
  if (sources.some((c) => c.includes('|')))
    throw new RuleError(
      'aggregations in the condition (Sigma 1.0 `| count()`) are obsolete: write a correlation rule',
      [at, 'condition'],
    );
  return located(() => {
    const parsed = sources.map(parseCondition);
    return {
      test: some(parsed.map((c, i) => compileCondition(c, sources[i], tests))),
      requirement: eitherOf(parsed.map((c) => conditionRequirement(c, requirements))),
    };
  }, [at, 'condition']);
}

/** A search identifier: a map (AND of its fields), a list of maps (OR), or a list of keywords (OR). */
function compileSearch(
  search: unknown,
  path: (string | number)[],
  table: FieldTable,
  opts: CompileOptions,
): Compiled {
  if (isMap(search)) return compileMap(search, path, table, opts);
  if (Array.isArray(search) && search.length > 0) {
    const keywords = search.filter((x) => !isMap(x));
    const maps = search.flatMap((x, i) => (isMap(x) ? [compileMap(x, [...path, i], table, opts)] : []));
    if (keywords.length > 0)
      maps.push(located(() => fieldCompiled(compileFieldTest('', keywords, table, opts), table), path));
    return { test: some(maps.map((m) => m.test)), requirement: eitherOf(maps.map((m) => m.requirement)) };
  }
  if (typeof search === 'string' || typeof search === 'number')
    return located(() => fieldCompiled(compileFieldTest('', search, table, opts), table), path);
  throw new RuleError('a search identifier must be a map, a list of maps or a list of keywords', path);
}

function compileMap(map: Doc, path: (string | number)[], table: FieldTable, opts: CompileOptions): Compiled {
  const entries = Object.entries(map);
  if (entries.length === 0) throw new RuleError('empty selection', path);
  const fields = entries.map(([key, value]) =>
    located(() => compileFieldTest(key, value, table, opts), [...path, key]),
  );
  const requirement = bothOf(fields.map((f) => fieldCompiled(f, table).requirement));
  const tests = fields.map((f) => f.test);
  if (tests.length === 1) return { test: tests[0], requirement };
  return {
    test: (s) => {
      for (const t of tests) if (!t(s)) return false;
      return true;
    },
    requirement,
  };
}

function fieldCompiled(f: FieldTest, table: FieldTable): Compiled {
  const slot = table.slot(f.field);
  return { test: f.test, requirement: f.needles?.map((needle) => ({ slot, needle })) };
}

function located<T>(f: () => T, path: (string | number)[]): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RuleError && e.path.length === 0) e.path = path;
    throw e;
  }
}
