import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import jsyaml from 'js-yaml';
import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
} from 'yaml';
import { every } from './condition.ts';
import { type CorrelationRule, parseCorrelation } from './correlation.ts';
import type { CompileOptions } from './field-test.ts';
import { RuleError } from './pattern.ts';
import { compileDetection, type DetectionRule, type FilterRule, ruleInfo } from './rule.ts';
import type { FieldTable } from './subject.ts';

/** A document Picket could not use as a rule, and why. */
export type Rejected = { file: string; line: number; reason: string; title?: string; id?: string };

export type Loaded = {
  rules: DetectionRule[];
  filters: FilterRule[];
  correlations: CorrelationRule[];
  rejected: Rejected[];
  files: number;
};

/** `*.yml` / `*.yaml` files under each path (a file is taken as it is), sorted for a stable order. */
export async function ruleFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (p: string): Promise<void> => {
    if (!(await stat(p)).isDirectory()) {
      out.push(p);
      return;
    }
    const entries = await readdir(p, { withFileTypes: true });
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1)))
      if (e.isDirectory()) await walk(join(p, e.name));
      else if (/\.ya?ml$/i.test(e.name)) out.push(join(p, e.name));
  };
  for (const p of paths) await walk(p);
  return out;
}

/** Reads and compiles rule files: detection rules with filters applied, and every rejection located. */
export async function loadRules(
  paths: readonly string[],
  table: FieldTable,
  opts: CompileOptions = {},
): Promise<Loaded> {
  const files = await ruleFiles(paths);
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
  return compileRuleTexts(
    files.map((file, i) => ({ file, text: texts[i] })),
    table,
    opts,
  );
}

export function compileRuleTexts(
  sources: readonly { file: string; text: string }[],
  table: FieldTable,
  opts: CompileOptions = {},
): Loaded {
  const rules: DetectionRule[] = [];
  const filters: FilterRule[] = [];
  const correlations: CorrelationRule[] = [];
  const rejected: Rejected[] = [];
  for (const { file, text } of sources) {
    for (const r of compileText(file, text, table, opts)) {
      if ('reason' in r) rejected.push(r);
      else if (r.kind === 'filter') filters.push(r);
      else if (r.kind === 'correlation') correlations.push(r);
      else rules.push(r);
    }
  }
  return {
    rules: applyFilters(rules, filters, rejected),
    filters,
    correlations,
    rejected,
    files: sources.length,
  };
}

/**
 * The documents of one file: each a rule or a rejection. Sigma 1 collections (`action:`) are merged.
 * js-yaml parses (six times faster than `yaml` here, which matters for thousands of rules), with
 * the JSON schema, so that `0x17` stays text rather than becoming 23; `yaml`, which keeps every
 * node's position, is used only to find the line of a rejection.
 */
function compileText(
  file: string,
  text: string,
  table: FieldTable,
  opts: CompileOptions,
): (DetectionRule | FilterRule | CorrelationRule | Rejected)[] {
  let docs: unknown[];
  try {
    docs = jsyaml.loadAll(text, undefined, { schema: jsyaml.JSON_SCHEMA });
  } catch (e) {
    const mark = (e as { mark?: { line: number } }).mark;
    return [
      {
        file,
        line: (mark?.line ?? 0) + 1,
        reason: `YAML: ${(e as { reason?: string }).reason ?? (e as Error).message}`,
      },
    ];
  }
  const starts = documentLines(text);
  const out: (DetectionRule | FilterRule | CorrelationRule | Rejected)[] = [];
  let global: Record<string, unknown> = {};
  let previous: Record<string, unknown> | undefined;
  docs.forEach((value, index) => {
    const line = starts[index] ?? 1;
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || Array.isArray(value)) {
      out.push({ file, line, reason: 'a rule document must be a map' });
      return;
    }
    let doc = value as Record<string, unknown>;
    if (doc.action === 'global') {
      global = omit(doc, 'action');
      return;
    }
    if (doc.action === 'reset') {
      global = {};
      return;
    }
    if (doc.action === 'repeat') doc = merge(previous ?? {}, omit(doc, 'action'));
    doc = merge(global, doc);
    previous = doc;
    try {
      out.push(compileDocument(doc, file, line, table, opts));
    } catch (e) {
      if (!(e instanceof RuleError)) throw e;
      const title = typeof doc.title === 'string' ? doc.title : undefined;
      const id = typeof doc.id === 'string' ? doc.id : undefined;
      out.push({ file, line: lineOfPath(text, index, e.path) ?? line, reason: e.message, title, id });
    }
  });
  return out;
}

/** The first line of each document: line 1, or the line after each `---` that starts one. */
function documentLines(text: string): number[] {
  const starts = [1];
  let content = false;
  text.split('\n').forEach((l, i) => {
    if (/^---(\s|$)/.test(l)) {
      if (content) starts.push(i + 2);
      else starts[0] = i + 2;
      content = true;
    } else if (!/^\s*(#.*)?$/.test(l)) content = true;
  });
  return starts;
}

function compileDocument(
  doc: Record<string, unknown>,
  file: string,
  line: number,
  table: FieldTable,
  opts: CompileOptions,
): DetectionRule | FilterRule | CorrelationRule {
  const info = ruleInfo(doc, file, line);
  if ('correlation' in doc) return parseCorrelation(doc, info);
  if ('filter' in doc) {
    const f = doc.filter as Record<string, unknown>;
    const targets = f?.rules;
    const list = typeof targets === 'string' ? [targets] : targets;
    if (!Array.isArray(list) || list.length === 0) throw new RuleError("a filter needs 'rules'", ['filter']);
    return {
      ...info,
      kind: 'filter',
      targets: list.map(String),
      test: compileDetection(f, 'filter', table, opts, ['rules']).test,
    };
  }
  if (!('detection' in doc)) throw new RuleError("missing 'detection'", []);
  return { ...info, kind: 'detection', ...compileDetection(doc.detection, 'detection', table, opts) };
}

/** Each filter ANDs `not filter` onto the rules it names (by id or name) whose logsource it shares. */
function applyFilters(rules: DetectionRule[], filters: FilterRule[], rejected: Rejected[]): DetectionRule[] {
  if (filters.length === 0) return rules;
  const byRef = new Map<string, DetectionRule[]>();
  for (const r of rules)
    for (const ref of [r.id, r.name]) if (ref) byRef.set(ref, [...(byRef.get(ref) ?? []), r]);
  const extra = new Map<DetectionRule, FilterRule[]>();
  for (const f of filters) {
    for (const ref of f.targets) {
      const targets = byRef.get(ref);
      if (!targets) {
        rejected.push({
          file: f.file,
          line: f.line,
          reason: `filter names rule '${ref}', which is not loaded`,
          title: f.title,
          id: f.id,
        });
        continue;
      }
      for (const r of targets) if (sameLogsource(f, r)) extra.set(r, [...(extra.get(r) ?? []), f]);
    }
  }
  return rules.map((r) => {
    const fs = extra.get(r);
    if (!fs) return r;
    const excluded = fs.map((f) => f.test);
    return { ...r, test: every([r.test, (s) => !excluded.some((t) => t(s))]) };
  });
}

function sameLogsource(f: FilterRule, r: DetectionRule): boolean {
  const a = f.logsource;
  const b = r.logsource;
  return (
    (!a.product || a.product === b.product) &&
    (!a.category || a.category === b.category) &&
    (!a.service || a.service === b.service)
  );
}

const omit = (o: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

/** Deep merge of maps (Sigma 1 collections): the later document's values win. */
function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const old = out[k];
    out[k] =
      old && v && typeof old === 'object' && typeof v === 'object' && !Array.isArray(old) && !Array.isArray(v)
        ? merge(old as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** The line of the deepest node the path reaches in document `index` (a map key's own line for a key). */
function lineOfPath(text: string, index: number, path: readonly (string | number)[]): number | undefined {
  const lines = new LineCounter();
  const doc = parseAllDocuments(text, { lineCounter: lines })[index] as Document | undefined;
  let node: unknown = doc?.contents;
  let line: number | undefined;
  const lineOf = (n: Node) => (n.range ? lines.linePos(n.range[0]).line : undefined);
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step),
      );
      if (!pair) break;
      line = lineOf(pair.key as Node) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step];
      if (isScalar(node) || isMap(node) || isSeq(node)) line = lineOf(node as Node) ?? line;
    } else break;
  }
  return line;
}
