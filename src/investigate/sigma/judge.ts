/** Rules' test cases, and the verdict on each: what `rules test` reports for detection and correlation rules alike. */

/** A test that did not hold, where it is written (the record's line, or the case's info.yml). */
export type RuleTestFailure = { file: string; line: number; reason: string };

export type RuleTestResult = {
  rule: { id?: string; title: string; file: string; line: number };
  /** `tests`: the rule's own `tests:` records; `regression`: a SigmaHQ regression case. */
  kind: 'tests' | 'regression';
  passed: number;
  failures: RuleTestFailure[];
};

export type TestRecord = { kind: 'match' | 'no_match'; line: number; value: unknown };
export type TestDocument = {
  id?: string;
  title?: string;
  line: number;
  records: TestRecord[];
  problems: RuleTestFailure[];
};

/**
 * Runs each case of a rule's `tests:`: `verdict` says whether the case fires the rule (or, as a
 * string, why the case cannot be used). Every `match` case must, no `no_match` case may; `says`
 * words the two failures.
 */
export function judge(
  rule: { id?: string; title: string; file: string; line: number },
  doc: TestDocument,
  verdict: (value: unknown) => boolean | string,
  says: { fired: string; missed: string },
): RuleTestResult {
  const failures = [...doc.problems];
  let passed = 0;
  for (const r of doc.records) {
    const v = verdict(r.value);
    const fail = (reason: string) => failures.push({ file: rule.file, line: r.line, reason });
    if (typeof v === 'string') fail(v);
    else if (v && r.kind === 'no_match') fail(says.fired);
    else if (!v && r.kind === 'match') fail(says.missed);
    else passed++;
  }
  const { id, title, file, line } = rule;
  return { rule: { id, title, file, line }, kind: 'tests', passed, failures };
}
