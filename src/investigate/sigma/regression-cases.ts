/**
 * SigmaHQ's regression cases (`regression_data/…/<case>/`: an info.yml naming the rule, and the
 * Windows events it must fire on, as JSON): a case passes when its rule fires on at least one of
 * its events.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { SourcedRecord } from '../../core/record.ts';
import {
  type DetectionRule,
  type SigmaEngine,
  type SigmaMappings,
  windowsLogsource,
  withAliases,
} from '../../detect/sigma/index.ts';
import { readJsonRecords } from '../../ingest/index.ts';
import type { RuleTestFailure, RuleTestResult } from './judge.ts';

export type CaseOutcome = RuleTestResult | { skip: string };

export async function runRegressionCase(
  dir: string,
  rules: readonly DetectionRule[],
  engine: SigmaEngine,
  mappings: SigmaMappings,
): Promise<CaseOutcome> {
  const infoFile = join(dir, 'info.yml');
  const info = parseAllDocuments(await readFile(infoFile, 'utf8'))[0]?.toJS() as
    | { rule_metadata?: { id?: string; title?: string }[] }
    | undefined;
  const id = info?.rule_metadata?.[0]?.id;
  if (!id) return { skip: 'info.yml names no rule (rule_metadata: - id: …)' };
  const rule = rules.find((r) => r.id === id);
  if (!rule) return { skip: `rule ${id} is not among the loaded rules` };
  let matched = 0;
  let records = 0;
  const problems: RuleTestFailure[] = [];
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.json')).sort()) {
    const report = await readJsonRecords(
      { path: join(dir, name) },
      (r: SourcedRecord) => {
        records++;
        if (
          engine.match(withAliases(r.fields, mappings.forLogsource(r.logsource)), r.logsource).includes(rule)
        )
          matched++;
      },
      { logsourceOf: (f, windows) => (windows ? windowsLogsource(f) : undefined) },
    );
    if (report.error)
      problems.push({
        file: join(dir, name),
        line: report.error.where?.line ?? 1,
        reason: report.error.message,
      });
  }
  const failures = [...problems];
  if (records === 0) failures.push({ file: infoFile, line: 1, reason: 'no JSON event in the case folder' });
  else if (matched === 0)
    failures.push({ file: infoFile, line: 1, reason: `the rule fired on none of ${records} event(s)` });
  return {
    rule: { id: rule.id, title: rule.title, file: rule.file, line: rule.line },
    kind: 'regression',
    passed: failures.length === 0 ? 1 : 0,
    failures,
  };
}
