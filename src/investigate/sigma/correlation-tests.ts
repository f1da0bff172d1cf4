/**
 * The `tests:` of a correlation rule: each `match` and `no_match` case is a sequence of log lines,
 * `{ lines: [...], format: access|auth }`, read by one of Picket's parsers in order and run through
 * the loaded rules and correlations as an investigation would; a `match` case must raise the
 * correlation's alert, a `no_match` case must not.
 */
import type { CorrelationRule, Loaded, SigmaEngine, SigmaMappings } from '../../detect/sigma/index.ts';
import { CorrelationEngine, sigmaRecord } from '../../detect/sigma/index.ts';
import { judge, type RuleTestResult, type TestDocument } from './judge.ts';
import { logEvents } from './log-lines.ts';

export function runCorrelationTests(
  correlation: CorrelationRule,
  doc: TestDocument,
  loaded: Loaded,
  engine: SigmaEngine,
  mappings: SigmaMappings,
): RuleTestResult {
  return judge(correlation, doc, (value) => raises(correlation, value, loaded, engine, mappings), {
    fired: 'no_match case raised the correlation',
    missed: 'match case did not raise the correlation',
  });
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
    const { fields, logsource } = sigmaRecord(e, mappings);
    const at = { file: correlation.file, line: e['log.file.line'] };
    for (const rule of engine.match(fields, logsource)) correlations.feed(rule, fields, e['@timestamp'], at);
  }
  correlations.end();
  return raised;
}
