/**
 * The `tests:` of a correlation rule: each `match` and `no_match` case is a sequence of log lines,
 * `{ lines: [...], format: access|auth }`, read by one of Picket's parsers in order and run through
 * the loaded rules and correlations as an investigation would; a `match` case must raise the
 * correlation's alert, a `no_match` case must not.
 */
import type { CorrelationRule, Loaded, SigmaEngine, SigmaMappings } from '../../detect/sigma/index.ts';
import { CorrelationEngine, sigmaRecord } from '../../detect/sigma/index.ts';
import { logEvents } from './log-lines.ts';
import type { RuleTestResult, TestDocument } from './rule-tests.ts';

export function runCorrelationTests(
  correlation: CorrelationRule,
  doc: TestDocument,
  loaded: Loaded,
  engine: SigmaEngine,
  mappings: SigmaMappings,
): RuleTestResult {
  const failures = [...doc.problems];
  let passed = 0;
  for (const r of doc.records) {
    const verdict = raises(correlation, r.value, loaded, engine, mappings);
    const fail = (reason: string) => failures.push({ file: correlation.file, line: r.line, reason });
    if (typeof verdict === 'string') fail(verdict);
    else if (verdict && r.kind === 'no_match') fail('no_match case raised the correlation');
    else if (!verdict && r.kind === 'match') fail('match case did not raise the correlation');
    else passed++;
  }
  const { id, title, file, line } = correlation;
  return { rule: { id, title, file, line }, kind: 'tests', passed, failures };
}

/** Whether the case's lines raise the correlation; a string says why the case cannot be used. */
function raises(
  correlation: CorrelationRule,
  value: unknown,
  loaded: Loaded,
  engine: SigmaEngine,
  mappings: SigmaMappings,
): boolean | string {
  const lines = (value as { lines?: unknown } | null)?.lines;
  if (!Array.isArray(lines) || lines.length === 0 || !lines.every((l) => typeof l === 'string'))
    return 'a correlation test case is { lines: [log lines, in order], format: access|auth }';
  const events = logEvents(lines, (value as { format?: unknown }).format, correlation.file);
  if (typeof events === 'string') return events;
  let raised = false;
  const correlations = new CorrelationEngine(loaded.correlations, loaded.rules, {
    onAlert: (a) => {
      if (a.rule === correlation) raised = true;
    },
  });
  for (const e of events) {
    const fields = sigmaRecord(e, mappings);
    const at = { file: correlation.file, line: e['log.file.line'] };
    for (const rule of engine.match(fields, mappings.forDataset(e['event.dataset']).logsource))
      correlations.feed(rule, fields, e['@timestamp'], at);
  }
  correlations.end();
  return raised;
}
