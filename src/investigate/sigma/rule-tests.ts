import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments, type YAMLMap } from 'yaml';
import { PicketError } from '../../core/errors.ts';
import type { FieldValue, Scalar } from '../../core/record.ts';
import {
  type DetectionRule,
  FieldTable,
  loadMappings,
  type MappingIssue,
  type Rejected,
  SigmaEngine,
  SigmaMappings,
  sigmaRecord,
  withAliases,
} from '../../detect/sigma/index.ts';
import { builtinRulesPath } from './builtin.ts';
import { runCorrelationTests } from './correlation-tests.ts';
import { judge, type RuleTestResult, type TestDocument } from './judge.ts';
import { logEvents } from './log-lines.ts';
import { runRegressionCase } from './regression-cases.ts';
import { loadRuleFolders } from './run.ts';

export type { RuleTestFailure, RuleTestResult } from './judge.ts';

export type RuleTestQuery = {
  /** Rule files and folders, and folders of SigmaHQ regression cases; none: Picket's own rules. */
  paths: string[];
  mappingPaths: string[];
  placeholders?: Readonly<Record<string, readonly string[]>>;
};

export type RuleTestReport = {
  results: RuleTestResult[];
  rules: { paths: string[]; files: number; loaded: number; rejected: Rejected[] };
  /** Loaded rules with neither `tests:` nor a regression case. */
  untested: number;
  /** Regression cases whose rule is not among the loaded ones (e.g. it lives in another folder). */
  skipped: { file: string; reason: string }[];
  mappingNotes: MappingIssue[];
};

/**
 * Runs the test events of rules. Two conventions:
 *
 * - Picket's: a rule document's custom attribute `tests:` holds `match:` and `no_match:` lists of
 *   records, each a map of fields (Sigma's names; nested maps read as dotted paths) or
 *   `{ line: '<raw log line>', format: access|auth }` — parsed by Picket's parser (the format
 *   sniffed when not given), given Sigma's names, and routed by its logsource as in an
 *   investigation. Every `match` record must fire the rule; no `no_match` record may. A
 *   correlation rule's cases are sequences of lines instead (correlation-tests.ts).
 * - SigmaHQ's regression layout: a folder with `info.yml` (naming the rule under `rule_metadata`)
 *   and the events as `.json`: at least one event must fire the rule. (Its `match_count` is not
 *   compared: it counts the `.evtx` file's matches, and SigmaHQ's JSON renderings hold neighbouring
 *   events that fire the rule as well — 3 of 5 in the AnyDesk case against a match_count of 1.)
 *
 * A rule with tests that does not compile fails. Throws a PicketError for a path that does not
 * exist or an unusable mapping file.
 */
export async function testRules(q: RuleTestQuery): Promise<RuleTestReport> {
  const mappingFiles = await loadMappings(q.mappingPaths);
  if (mappingFiles.rejected.length > 0) {
    const r = mappingFiles.rejected[0];
    throw new PicketError('USAGE', `mapping file rejected: ${r.reason}`, { file: r.file, line: r.line });
  }
  const paths = q.paths.length > 0 ? q.paths : [builtinRulesPath()];
  const found = await findTests(paths);
  const table = new FieldTable();
  const loaded = await loadRuleFolders(found.ruleFiles, table, q.placeholders);
  const engine = new SigmaEngine(loaded.rules, table);
  const mappings = new SigmaMappings(mappingFiles.mappings, table.names);

  const results: RuleTestResult[] = [];
  const tested = new Set<DetectionRule>();
  for (const file of found.ruleFiles) {
    for (const doc of await testDocuments(file)) {
      const rule = loaded.rules.find(
        (r) => r.file === file && (doc.id ? r.id === doc.id : r.title === doc.title),
      );
      const correlation = rule
        ? undefined
        : loaded.correlations.find(
            (r) => r.file === file && (doc.id ? r.id === doc.id : r.title === doc.title),
          );
      if (correlation) {
        results.push(runCorrelationTests(correlation, doc, loaded, engine, mappings));
        continue;
      }
      if (!rule) {
        const why = loaded.rejected.find(
          (r) => r.file === file && (doc.id ? r.id === doc.id : r.title === doc.title),
        );
        results.push({
          rule: { id: doc.id, title: doc.title ?? '(untitled)', file, line: doc.line },
          kind: 'tests',
          passed: 0,
          failures: [
            {
              file,
              line: why?.line ?? doc.line,
              reason: `the rule does not compile: ${why?.reason ?? 'not loaded'}`,
            },
          ],
        });
        continue;
      }
      tested.add(rule);
      results.push(runTests(rule, doc, engine, mappings));
    }
  }
  const skipped: RuleTestReport['skipped'] = [];
  for (const dir of found.cases) {
    const r = await runRegressionCase(dir, loaded.rules, engine, mappings);
    if ('skip' in r) skipped.push({ file: join(dir, 'info.yml'), reason: r.skip });
    else {
      const rule = loaded.rules.find((x) => x.id === r.rule.id);
      if (rule) tested.add(rule);
      results.push(r);
    }
  }
  return {
    results,
    rules: { paths, files: loaded.files, loaded: loaded.rules.length, rejected: loaded.rejected },
    untested: loaded.rules.filter((r) => !tested.has(r)).length,
    skipped,
    mappingNotes: mappingFiles.notes,
  };
}

// ---- Finding rule files and regression cases ----

async function findTests(paths: readonly string[]): Promise<{ ruleFiles: string[]; cases: string[] }> {
  const ruleFiles: string[] = [];
  const cases: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    if (entries.some((e) => e.isFile() && e.name === 'info.yml')) {
      cases.push(dir);
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) await walk(join(dir, e.name));
      else if (/\.ya?ml$/i.test(e.name)) ruleFiles.push(join(dir, e.name));
    }
  };
  for (const p of paths) {
    const info = await stat(p).catch((e: NodeJS.ErrnoException) => e);
    if (info instanceof Error) {
      const code = info.code === 'ENOENT' ? 'INPUT_NOT_FOUND' : 'INPUT_UNREADABLE';
      throw new PicketError(code, `cannot read rules: ${info.message}`, { file: p }, { cause: info });
    }
    if (info.isDirectory()) await walk(p);
    else if (basename(p) === 'info.yml') cases.push(dirname(p));
    else ruleFiles.push(p);
  }
  return { ruleFiles, cases };
}

// ---- Picket's `tests:` ----

/** The documents of a rule file that carry `tests:`, with each record's line. */
async function testDocuments(file: string): Promise<TestDocument[]> {
  const text = await readFile(file, 'utf8');
  if (!text.includes('tests:')) return [];
  const lines = new LineCounter();
  const at = (n: unknown) => {
    const range = (n as Node | undefined)?.range;
    return range ? lines.linePos(range[0]).line : 1;
  };
  const out: TestDocument[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter: lines })) {
    const root = doc.contents;
    if (!isMap(root) || doc.errors.length > 0) continue;
    const get = (m: YAMLMap, key: string) => m.items.find((p) => isScalar(p.key) && p.key.value === key);
    const tests = get(root, 'tests');
    if (!tests) continue;
    const scalar = (key: string) => {
      const v = get(root, key)?.value;
      return isScalar(v) && v.value !== null ? String(v.value) : undefined;
    };
    const d: TestDocument = {
      id: scalar('id'),
      title: scalar('title'),
      line: at(root),
      records: [],
      problems: [],
    };
    out.push(d);
    const body = tests.value;
    if (!isMap(body)) {
      d.problems.push({
        file,
        line: at(tests.key),
        reason: "'tests' must be a map with 'match' and 'no_match' lists",
      });
      continue;
    }
    for (const p of body.items) {
      const kind = isScalar(p.key) ? String(p.key.value) : '';
      if (kind !== 'match' && kind !== 'no_match') {
        d.problems.push({
          file,
          line: at(p.key),
          reason: `'tests' takes 'match' and 'no_match', not '${kind}'`,
        });
        continue;
      }
      if (!isSeq(p.value)) {
        d.problems.push({ file, line: at(p.key), reason: `'${kind}' must be a list of records` });
        continue;
      }
      for (const item of p.value.items)
        d.records.push({ kind, line: at(item), value: (item as Node).toJSON() });
    }
    if (!d.records.some((r) => r.kind === 'match') || !d.records.some((r) => r.kind === 'no_match'))
      d.problems.push({
        file,
        line: at(tests.key),
        reason: "'tests' needs at least one 'match' and one 'no_match' record",
      });
  }
  return out;
}

function runTests(
  rule: DetectionRule,
  doc: TestDocument,
  engine: SigmaEngine,
  mappings: SigmaMappings,
): RuleTestResult {
  return judge(rule, doc, (value) => fires(rule, value, engine, mappings, rule.file), {
    fired: 'no_match record fired the rule',
    missed: 'match record did not fire the rule',
  });
}

/** Whether the rule fires on a test record; a string says why the record cannot be used. */
function fires(
  rule: DetectionRule,
  value: unknown,
  engine: SigmaEngine,
  mappings: SigmaMappings,
  file: string,
): boolean | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return 'a test record must be a map';
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (typeof record.line === 'string' && keys.every((k) => k === 'line' || k === 'format')) {
    const events = logEvents([record.line], record.format, file);
    if (typeof events === 'string') return events;
    return events.some((e) => {
      const { fields, logsource } = sigmaRecord(e, mappings);
      return engine.match(fields, logsource).includes(rule);
    });
  }
  const fields: Record<string, FieldValue> = {};
  flatten(record, '', fields);
  const dataset = fields['event.dataset'];
  const aliased =
    typeof dataset === 'string'
      ? withAliases(fields, mappings.forDataset(dataset, fields['process.name']).aliases)
      : withAliases(fields, mappings.forLogsource(undefined));
  return engine.match(aliased).includes(rule);
}

/** Nested maps → dotted paths; lists of scalars kept; lists of maps → each leaf path's values. */
function flatten(v: unknown, path: string, out: Record<string, FieldValue>): void {
  if (v === null || typeof v !== 'object') {
    out[path] = v as Scalar;
    return;
  }
  if (Array.isArray(v)) {
    if (v.every((x) => x === null || typeof x !== 'object')) out[path] = v as Scalar[];
    else {
      const leaves: Record<string, FieldValue> = {};
      for (const x of v) flatten(x, path, leaves);
      for (const [k, x] of Object.entries(leaves)) out[k] = x;
    }
    return;
  }
  for (const [k, x] of Object.entries(v)) flatten(x, path ? `${path}.${k}` : k, out);
}
