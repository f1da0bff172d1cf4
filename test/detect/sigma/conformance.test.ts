// Conformance on SigmaHQ's own data (../shared/data/sigma): every rule compiles (or is rejected for
// a stated reason), and each regression case's rule fires on its event. The expected rule of a
// case comes from its info.yml, written by SigmaHQ — not from Picket.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { SourcedRecord } from '../../../src/core/record.ts';
import { FieldTable, loadRules, SigmaEngine } from '../../../src/detect/sigma/index.ts';
import { windowsLogsource } from '../../../src/detect/sigma/windows-logsource.ts';
import { readJsonRecords } from '../../../src/ingest/index.ts';

const SIGMA = '../shared/data/sigma';
const absent = !existsSync(`${SIGMA}/rules`) && `${SIGMA}/rules is absent`;

function* caseDirs(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* caseDirs(p);
    else if (e.name === 'info.yml') yield dir;
  }
}

test('every SigmaHQ rule compiles, or is rejected with a located reason (≤ 1 %)', {
  skip: absent,
}, async () => {
  const loaded = await loadRules([`${SIGMA}/rules`], new FieldTable());
  const total = loaded.rules.length + loaded.rejected.length;
  assert.ok(total >= 3000, `only ${total} rule documents found`);
  assert.ok(
    loaded.rejected.length <= total / 100,
    loaded.rejected.map((r) => `${r.file}:${r.line} ${r.reason}`).join('\n'),
  );
  for (const r of loaded.rejected) assert.ok(r.line > 0 && r.reason.length > 0);
});

test('each regression case fires its rule; no rule of another logsource fires', {
  skip: absent,
}, async (t) => {
  const table = new FieldTable();
  const loaded = await loadRules([`${SIGMA}/rules`], table);
  const byId = new Map(loaded.rules.map((r) => [r.id, r]));
  const engine = new SigmaEngine(loaded.rules, table);
  const unrouted = new SigmaEngine(loaded.rules, table);
  const missing: string[] = [];
  const misses: string[] = [];
  let cases = 0;
  let otherLogsource = 0;
  for (const dir of caseDirs(`${SIGMA}/regression_data`)) {
    const id = /rule_metadata:\s*\n\s*- id: (\S+)/.exec(readFileSync(join(dir, 'info.yml'), 'utf8'))?.[1];
    const rule = id ? byId.get(id) : undefined;
    if (!rule) {
      missing.push(dir); // the rule lives outside rules/ (e.g. rules-emerging-threats)
      continue;
    }
    cases++;
    const records: SourcedRecord[] = [];
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')))
      await readJsonRecords({ path: join(dir, f) }, (r) => records.push(r), {
        logsourceOf: windowsLogsource,
      });
    assert.ok(records.length > 0, `${dir}: no events read`);
    if (!records.some((r) => engine.match(r.fields, r.logsource).includes(rule)))
      misses.push(`${id} ${rule.title}`);
    // Rules that fire only when routing is ignored belong to another logsource: routing must stop them.
    for (const r of records) {
      const routed = new Set(engine.route(r.logsource));
      otherLogsource += unrouted.match(r.fields).filter((x) => !routed.has(x)).length;
      assert.ok(engine.match(r.fields, r.logsource).every((x) => routed.has(x)));
    }
  }
  assert.ok(cases >= 90, `only ${cases} cases with their rule present`);
  assert.deepEqual(misses, []);
  // Shown in the test output: how many matches routing removed (rules of other logsources).
  t.diagnostic(
    `cases ${cases}, rule absent ${missing.length}, other-logsource matches removed ${otherLogsource}`,
  );
});
