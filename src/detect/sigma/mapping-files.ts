/**
 * Users' mapping files: Picket's `fieldmappings:` form (optionally per `logsource:`, several
 * documents a file) and the `field_name_mapping` transformations of a pySigma processing pipeline.
 * A file with any mistake is rejected whole, each reason with its line (`yaml` keeps positions).
 */
import { readFile } from 'node:fs/promises';
import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseAllDocuments,
  type YAMLMap,
} from 'yaml';
import type { FieldMapping } from './mappings.ts';
import type { RuleLogsource } from './rule.ts';

/** A problem in a mapping file, or a part of it Picket does not apply, located. */
export type MappingIssue = { file: string; line: number; reason: string };

export type LoadedMappings = {
  mappings: FieldMapping[];
  /** Files that cannot be used, each with every reason: none of their mappings is applied. */
  rejected: MappingIssue[];
  /** Parts of accepted files that Picket ignores (other pipeline transformations, …). */
  notes: MappingIssue[];
  files: number;
};

/** Reads and parses mapping files (see `parseMappings`); a file that cannot be read is rejected. */
export async function loadMappings(paths: readonly string[]): Promise<LoadedMappings> {
  const all: LoadedMappings = { mappings: [], rejected: [], notes: [], files: 0 };
  for (const file of paths) {
    const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => e);
    const one =
      typeof text === 'string'
        ? parseMappings(file, text)
        : {
            mappings: [],
            rejected: [{ file, line: 1, reason: `cannot read (${text.code})` }],
            notes: [],
            files: 1,
          };
    all.mappings.push(...one.mappings);
    all.rejected.push(...one.rejected);
    all.notes.push(...one.notes);
    all.files++;
  }
  return all;
}

/**
 * Parses mapping files. Two forms are read, several documents (`---`) per file allowed:
 *
 * ```yaml
 * # Picket's (the `fieldmappings` of sigmac's configurations): Sigma name → field or fields
 * logsource: { category: webserver }     # optional: only for records of this logsource
 * fieldmappings:
 *   cs-uri-query: request.uri
 *   c-ip: [client.ip, remote_addr]
 * ---
 * # a pySigma processing pipeline: its field_name_mapping transformations
 * name: my pipeline
 * transformations:
 *   - type: field_name_mapping
 *     mapping: { c-ip: client.ip }
 *     rule_conditions: [{ type: logsource, category: webserver }]
 * ```
 *
 * A file that is neither, or holds a mistake, is rejected whole with each reason and its line.
 */
export function parseMappings(file: string, text: string): LoadedMappings {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines });
  const at = (node: unknown, fallback = 1): number => {
    const range = (node as Node | undefined)?.range;
    return range ? lines.linePos(range[0]).line : fallback;
  };
  const out: LoadedMappings = { mappings: [], rejected: [], notes: [], files: 1 };
  const reject = (line: number, reason: string) => out.rejected.push({ file, line, reason });
  const note = (line: number, reason: string) => out.notes.push({ file, line, reason });
  if (!Array.isArray(docs)) {
    reject(1, 'empty: no mapping');
    return out;
  }
  for (const doc of docs as Document.Parsed[]) {
    for (const e of doc.errors) reject(e.linePos?.[0].line ?? 1, `YAML: ${e.message.split('\n')[0]}`);
    if (doc.errors.length > 0) continue;
    const root = doc.contents;
    if (root === null || (isScalar(root) && root.value === null)) continue; // an empty document
    if (!isMap(root)) {
      reject(at(root), 'a mapping document must be a map');
      continue;
    }
    const ctx: Ctx = { file, at, reject, note, out };
    if (pairOf(root, 'transformations')) readPipeline(root, ctx);
    else if (pairOf(root, 'fieldmappings')) readFieldmappings(root, ctx);
    else
      reject(
        at(root),
        "neither 'fieldmappings' (Sigma name → field) nor 'transformations' (a pySigma processing pipeline)",
      );
  }
  if (out.mappings.length === 0 && out.rejected.length === 0) reject(1, 'empty: no mapping');
  if (out.rejected.length > 0) return { mappings: [], rejected: out.rejected, notes: [], files: 1 };
  return out;
}

type Ctx = {
  file: string;
  at: (node: unknown, fallback?: number) => number;
  reject: (line: number, reason: string) => void;
  note: (line: number, reason: string) => void;
  out: LoadedMappings;
};

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

const keyName = (p: Pair): string => (isScalar(p.key) ? String(p.key.value) : '');

/** A `Sigma name: field | [fields]` map → aliases; every entry checked, each bad one located. */
function readFieldMap(node: unknown, what: string, ctx: Ctx): Map<string, string[]> | undefined {
  if (!isMap(node)) {
    ctx.reject(ctx.at(node), `'${what}' must be a map of Sigma field name → field name or list of names`);
    return undefined;
  }
  const fields = new Map<string, string[]>();
  let ok = true;
  for (const p of node.items) {
    const name = keyName(p);
    const v = p.value;
    const targets = isScalar(v) ? [v.value] : isSeq(v) ? v.items.map((x) => (isScalar(x) ? x.value : x)) : [];
    if (name === '' || targets.length === 0 || targets.some((t) => typeof t !== 'string' || t === '')) {
      const why = isMap(v)
        ? 'conditional mappings (a map) are not supported: give a field name or a list of names'
        : 'must map to a field name or a list of field names';
      ctx.reject(ctx.at(p.key), `'${name}' ${why}`);
      ok = false;
      continue;
    }
    fields.set(name, [...(fields.get(name) ?? []), ...(targets as string[])]);
  }
  return ok ? fields : undefined;
}

function readLogsource(node: unknown, ctx: Ctx): RuleLogsource | undefined | false {
  if (node === undefined) return undefined;
  if (!isMap(node)) {
    ctx.reject(ctx.at(node), "'logsource' must be a map of product, category, service");
    return false;
  }
  const ls: RuleLogsource = {};
  for (const p of node.items) {
    const k = keyName(p);
    const v = isScalar(p.value) ? p.value.value : undefined;
    if ((k === 'product' || k === 'category' || k === 'service') && typeof v === 'string') ls[k] = v;
    else if (k === 'product' || k === 'category' || k === 'service') {
      ctx.reject(ctx.at(p.key), `logsource '${k}' must be text`);
      return false;
    } else
      ctx.note(ctx.at(p.key), `logsource '${k}' ignored: records are routed by product, category, service`);
  }
  return ls;
}

const PICKET_KEYS = new Set([
  'fieldmappings',
  'logsource',
  'title',
  'name',
  'description',
  'order',
  'backends',
]);

/** Picket's form (and sigmac's `fieldmappings`). */
function readFieldmappings(root: YAMLMap, ctx: Ctx): void {
  for (const p of root.items) {
    const k = keyName(p);
    if (!PICKET_KEYS.has(k))
      ctx.note(ctx.at(p.key), `'${k}' ignored: Picket reads 'fieldmappings' and 'logsource'`);
  }
  const logsource = readLogsource(pairOf(root, 'logsource')?.value ?? undefined, ctx);
  const pair = pairOf(root, 'fieldmappings') as Pair;
  const fields = readFieldMap(pair.value, 'fieldmappings', ctx);
  if (fields && logsource !== false)
    ctx.out.mappings.push({ logsource, fields, file: ctx.file, line: ctx.at(pair.key) });
}

/** A pySigma pipeline: its `field_name_mapping` transformations, with their logsource conditions. */
function readPipeline(root: YAMLMap, ctx: Ctx): void {
  const pair = pairOf(root, 'transformations') as Pair;
  const list = pair.value;
  if (!isSeq(list)) {
    ctx.reject(ctx.at(pair.key), "'transformations' must be a list");
    return;
  }
  let used = 0;
  for (const item of list.items) {
    if (!isMap(item)) {
      ctx.reject(ctx.at(item, ctx.at(pair.key)), 'a transformation must be a map');
      continue;
    }
    const typeNode = pairOf(item, 'type')?.value;
    const type = isScalar(typeNode) ? typeNode.value : undefined;
    if (typeof type !== 'string') {
      ctx.reject(ctx.at(item), "a transformation needs a 'type'");
      continue;
    }
    if (type !== 'field_name_mapping') {
      ctx.note(ctx.at(typeNode), `transformation '${type}' ignored: Picket applies field_name_mapping only`);
      continue;
    }
    used++;
    const mappingPair = pairOf(item, 'mapping');
    if (!mappingPair) {
      ctx.reject(ctx.at(item), "a field_name_mapping needs a 'mapping'");
      continue;
    }
    const fields = readFieldMap(mappingPair.value, 'mapping', ctx);
    const logsources = ruleConditions(item, ctx);
    for (const k of ['field_name_conditions', 'detection_item_conditions']) {
      const ignored = pairOf(item, k);
      if (ignored)
        ctx.note(ctx.at(ignored.key), `'${k}' ignored: the mapping applies to every field it names`);
    }
    if (!fields || logsources === false) continue;
    for (const logsource of logsources)
      ctx.out.mappings.push({ logsource, fields, file: ctx.file, line: ctx.at(item) });
  }
  if (used === 0 && list.items.length > 0)
    ctx.reject(ctx.at(pair.key), 'no field_name_mapping transformation: nothing Picket can apply');
  else if (list.items.length === 0) ctx.reject(ctx.at(pair.key), "'transformations' is empty");
}

/**
 * The logsources a transformation is limited to: `rule_conditions` of type `logsource` (OR-ed
 * with `rule_cond_op: or`, else merged); [undefined] for none. Other condition types are noted and
 * not applied (the mapping then applies more widely, which only adds aliases).
 */
function ruleConditions(item: YAMLMap, ctx: Ctx): (RuleLogsource | undefined)[] | false {
  const node = pairOf(item, 'rule_conditions')?.value;
  if (node === undefined || node === null) return [undefined];
  if (!isSeq(node)) {
    ctx.reject(ctx.at(node), "'rule_conditions' must be a list");
    return false;
  }
  const opNode = pairOf(item, 'rule_cond_op')?.value;
  const or = isScalar(opNode) && opNode.value === 'or';
  if (pairOf(item, 'rule_cond_expr'))
    ctx.note(
      ctx.at(pairOf(item, 'rule_cond_expr')?.key),
      "'rule_cond_expr' ignored: logsource conditions are OR-ed with rule_cond_op: or, else AND-ed",
    );
  const found: RuleLogsource[] = [];
  for (const c of node.items) {
    if (!isMap(c)) {
      ctx.reject(ctx.at(c), 'a rule condition must be a map');
      return false;
    }
    const typeNode = pairOf(c, 'type')?.value;
    const type = isScalar(typeNode) ? typeNode.value : undefined;
    if (type !== 'logsource') {
      ctx.note(
        ctx.at(c),
        `rule condition '${String(type)}' ignored: Picket applies logsource conditions only`,
      );
      continue;
    }
    const ls: RuleLogsource = {};
    for (const k of ['product', 'category', 'service'] as const) {
      const v = pairOf(c, k)?.value;
      if (isScalar(v) && typeof v.value === 'string') ls[k] = v.value;
    }
    found.push(ls);
  }
  if (found.length === 0) return [undefined];
  if (or) return found;
  const merged: RuleLogsource = {};
  for (const ls of found)
    for (const k of ['product', 'category', 'service'] as const) {
      if (ls[k] === undefined) continue;
      if (merged[k] !== undefined && merged[k] !== ls[k]) {
        ctx.note(ctx.at(node), `logsource conditions AND-ed name two ${k}s: the mapping never applies`);
        return [];
      }
      merged[k] = ls[k];
    }
  return [merged];
}
