import type { Fields } from '../../../src/core/record.ts';
import {
  type CompileOptions,
  compileRuleTexts,
  FieldTable,
  type Loaded,
  SigmaEngine,
} from '../../../src/detect/sigma/index.ts';

/** Compiles YAML text as the file `rule.yml`. */
export function compile(
  yaml: string,
  opts: CompileOptions = {},
): Loaded & { engine: SigmaEngine; table: FieldTable } {
  const table = new FieldTable();
  const loaded = compileRuleTexts([{ file: 'rule.yml', text: yaml }], table, opts);
  return { ...loaded, engine: new SigmaEngine(loaded.rules, table), table };
}

/** A one-rule document around a `detection` section (indented by the caller as under `detection:`). */
export function rule(detection: string): string {
  return `title: test\nid: test-rule\nlogsource:\n  product: test\ndetection:\n${detection}\n`;
}

/** Which of the records the rule matches, by index; throws when the rule is rejected. */
export function matches(detection: string, records: Fields[], opts: CompileOptions = {}): number[] {
  const c = compile(rule(detection), opts);
  if (c.rejected.length > 0)
    throw new Error(`rejected: ${c.rejected.map((r) => `${r.line} ${r.reason}`).join('; ')}`);
  return records.flatMap((r, i) => (c.engine.match(r).length > 0 ? [i] : []));
}

/** The rejection of a rule, `line reason`. */
export function rejection(yaml: string, opts: CompileOptions = {}): string {
  const c = compile(yaml, opts);
  if (c.rejected.length !== 1) throw new Error(`expected one rejection, got ${c.rejected.length}`);
  return `${c.rejected[0].line} ${c.rejected[0].reason}`;
}
