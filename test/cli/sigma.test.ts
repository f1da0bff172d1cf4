// `picket investigate --sigma / --rules / --mapping` and `picket rules test`, end to end, on the
// hand-made fixtures of test/fixtures/sigma (README.md there plans what each rule must flag).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

const FIX = 'test/fixtures/sigma';

function picket(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, ['src/cli/main.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    input,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const jsonl = (out: string) =>
  out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

test('--sigma --jsonl: one finding a line, naming the rule and citing file:line', () => {
  const r = picket([
    'investigate',
    '--sigma',
    '--jsonl',
    '--year',
    '2025',
    `${FIX}/access.log`,
    `${FIX}/auth.log`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const findings = jsonl(r.stdout);
  assert.deepEqual(
    findings.map((f) => [f.rule.title, f.rule.level, f.count, f.evidence.map((e: { at: string }) => e.at)]),
    [
      ['SQL Injection Attempt in a Web Request', 'high', 2, [`${FIX}/access.log:2`, `${FIX}/access.log:13`]],
      ['Cross-Site Scripting Attempt in a Web Request', 'high', 1, [`${FIX}/access.log:4`]],
      ['Web Shell Command Request', 'high', 1, [`${FIX}/access.log:8`]],
      ['Known Scanner User Agent', 'medium', 2, [`${FIX}/access.log:2`, `${FIX}/access.log:7`]],
      [
        'Path Traversal Attempt in a Web Request',
        'medium',
        2,
        [`${FIX}/access.log:5`, `${FIX}/access.log:6`],
      ],
      [
        'Failed Web Login',
        'low',
        3,
        [`${FIX}/access.log:10`, `${FIX}/access.log:12`, `${FIX}/access.log:16`],
      ],
      ['Failed SSH Login', 'low', 2, [`${FIX}/auth.log:1`, `${FIX}/auth.log:4`]],
      ['Successful SSH Login', 'informational', 1, [`${FIX}/auth.log:5`]],
      ['Successful Web Login', 'informational', 1, [`${FIX}/access.log:11`]],
    ],
  );
  const webshell = findings[2];
  assert.deepEqual(webshell.rule.tags, ['attack.persistence', 'attack.t1505.003']);
  assert.equal(webshell.rule.id, '0d2f3ccf-5a5d-4369-9f1b-4731e94b2fa1');
  assert.equal(webshell.rule.where, 'src/rules/web/persistence_webshell_access.yml:1');
  assert.deepEqual(webshell.evidence[0], {
    at: `${FIX}/access.log:8`,
    file: `${FIX}/access.log`,
    line: 8,
    time: '2025-03-03T10:01:10.000Z',
  });
  assert.match(r.stderr, /access\.log:15 not an access-log line/);
});

test('the human table: ranked rules, then each rule with id, file:line, tags and evidence', () => {
  const r = picket(['investigate', '--sigma', '--year', '2025', `${FIX}/access.log`, `${FIX}/auth.log`]);
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.split('\n');
  assert.equal(rows[0], '9 rule(s) matched 14 of 21 records.');
  assert.match(rows[2], /^level +matches +rule +first \(UTC\) +last \(UTC\)$/);
  assert.match(
    rows[3],
    /^high +2 +SQL Injection Attempt in a Web Request +2025-03-03 10:00:10Z +2025-03-03 10:02:00Z$/,
  );
  assert.match(rows[10], /^informational +1 +Successful SSH Login/);
  assert.match(
    r.stdout,
    /rule +0245c33e-0372-47e4-a1a5-72577ac974ae +src\/rules\/linux\/credential_access_ssh_failed_login\.yml:1/,
  );
  assert.match(r.stdout, /tags +attack\.credential-access attack\.t1110/);
  assert.match(r.stdout, new RegExp(`evidence +${FIX}/auth\\.log:1, 4\\n`));
  assert.match(r.stdout, new RegExp(`evidence +${FIX}/access\\.log:2, 13\\n`));
  assert.ok(!r.stdout.includes('\u001b['), 'no colour with NO_COLOR');
  assert.match(r.stderr, /Read 2 file\(s\), 22 lines/);
});

test('--json: one document with the question, findings, files and rules', () => {
  const r = picket(['investigate', '--sigma', '--json', `${FIX}/events.ndjson`]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.deepEqual(doc.question.inputs, [`${FIX}/events.ndjson`]);
  assert.deepEqual(
    doc.findings.map((f: { rule: { title: string }; evidence: { at: string }[] }) => [
      f.rule.title,
      f.evidence[0].at,
    ]),
    [
      ['Cross-Site Scripting Attempt in a Web Request', `${FIX}/events.ndjson:2 #2`],
      ['SQL Injection Attempt in a Web Request', `${FIX}/events.ndjson:1 #1`],
    ],
  );
  assert.equal(doc.files[0].format, 'json');
  assert.equal(doc.files[0].notUnderstood, 1);
  assert.equal(doc.rules.loaded, 13); // src/rules: 9 detection rules, 4 correlations
});

test('--fail-on-findings: 1 when a rule matched, 0 when none did; 2 when nothing is readable', async () => {
  assert.equal(picket(['investigate', '--sigma', '-q', '--fail-on-findings', `${FIX}/access.log`]).code, 1);
  const dir = await mkdtemp(join(tmpdir(), 'picket-sigma-'));
  const clean = join(dir, 'clean.log');
  await writeFile(
    clean,
    '198.51.100.20 - - [03/Mar/2025:10:00:00 +0000] "GET / HTTP/1.1" 200 612 "-" "Mozilla/5.0"\n',
  );
  const r = picket(['investigate', '--sigma', '-q', '--fail-on-findings', clean]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, 'No rule matched (1 records, 13 rules).\n');
  assert.equal(picket(['investigate', '--sigma', '-q', join(dir, 'missing.log')]).code, 2);
});

test('--rules with a folder, --no-builtin-rules, Windows events as JSON', () => {
  const r = picket([
    'investigate',
    '--jsonl',
    '--rules',
    `${FIX}/rules`,
    '--no-builtin-rules',
    `${FIX}/windows-events.json`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    jsonl(r.stdout).map((f) => [f.rule.title, f.count, f.evidence[0].at]),
    [['Whoami Execution (test rule)', 1, `${FIX}/windows-events.json:2 #1`]],
  );
});

test('--mapping: a fieldmappings file and a pySigma pipeline; a bad mapping file is refused with its line', () => {
  const r = picket([
    'investigate',
    '--jsonl',
    '--mapping',
    `${FIX}/fieldmappings.yml`,
    '--mapping',
    `${FIX}/pipeline.yml`,
    `${FIX}/nginx.ndjson`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    jsonl(r.stdout).map((f) => [f.rule.title, f.evidence[0].at]),
    [
      ['SQL Injection Attempt in a Web Request', `${FIX}/nginx.ndjson:1 #1`],
      ['Known Scanner User Agent', `${FIX}/nginx.ndjson:2 #2`],
    ],
  );
  assert.match(r.stderr, /pipeline\.yml:15 transformation 'add_condition' ignored/);
  const bad = picket(['investigate', '--mapping', `${FIX}/bad-mapping.yml`, `${FIX}/nginx.ndjson`]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /bad-mapping\.yml:3 USAGE mapping file rejected: 'c-ip' conditional mappings/);
  assert.equal(bad.stdout, '');
});

test('usage errors: brute-force options with Sigma rules, --format json without them, --no-builtin-rules alone', () => {
  const threshold = picket(['investigate', '--sigma', '--threshold', '5', `${FIX}/access.log`]);
  assert.equal(threshold.code, 2);
  assert.match(threshold.stderr, /--threshold belongs to the brute-force count/);
  const json = picket(['investigate', '--format', 'json', `${FIX}/events.ndjson`]);
  assert.equal(json.code, 2);
  assert.match(json.stderr, /--format json is read with Sigma rules/);
  assert.equal(picket(['investigate', '--no-builtin-rules', `${FIX}/access.log`]).code, 2);
  // --format json reads a file as JSON whatever its first byte: an access log then gives no record.
  const forced = picket(['investigate', '--sigma', '--format', 'json', `${FIX}/access.log`]);
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(forced.stderr, /access\.log \[json\]: 16 lines, 0 records/);
  assert.match(forced.stderr, /line\(s\) not understood/);
});

test("rules test: Picket's rules pass (exit 0); a rule with a failing test is named (exit 1)", async () => {
  const ok = picket(['rules', 'test']);
  assert.equal(ok.code, 0, ok.stdout);
  assert.equal(ok.stdout.split('\n').filter((l) => l.startsWith('PASS  src/rules/')).length, 13);
  assert.match(ok.stdout, /13 tested: 13 passed, 0 failed; 0 rule\(s\) without tests\./);

  const dir = await mkdtemp(join(tmpdir(), 'picket-rules-test-'));
  const file = join(dir, 'put.yml');
  // Line 12 expects a match the rule cannot give.
  await writeFile(
    file,
    [
      'title: HTTP PUT',
      'id: 1b8e0e7c-5f7e-4c0e-9b7e-2a1f6f1e0c01',
      'logsource:',
      '  category: webserver',
      'detection:',
      '  selection:',
      '    cs-method: PUT',
      '  condition: selection',
      'tests:',
      '  match:',
      '    - cs-method: PUT',
      '    - cs-method: POST',
      '  no_match:',
      '    - cs-method: GET',
      '',
    ].join('\n'),
  );
  const bad = picket(['rules', 'test', dir]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, new RegExp(`FAIL  ${file}:1  HTTP PUT \\(3 test\\(s\\)\\)`));
  assert.match(bad.stdout, new RegExp(`${file}:12 match record did not fire the rule`));
  assert.match(bad.stdout, /1 tested: 0 passed, 1 failed/);
  const json = JSON.parse(picket(['rules', 'test', '--json', dir]).stdout);
  assert.equal(json.passed, false);
  assert.deepEqual(json.results[0].failures, [
    { file, line: 12, reason: 'match record did not fire the rule' },
  ]);
});

test('rules test: a regression case in SigmaHQ layout; a missing path is exit 2; --help', () => {
  const r = picket(['rules', 'test', `${FIX}/rules`, `${FIX}/regression`]);
  assert.equal(r.code, 0, r.stdout);
  assert.match(
    r.stdout,
    /PASS {2}test\/fixtures\/sigma\/rules\/win_whoami\.yml:1 {2}Whoami Execution \(test rule\) \(regression case\)/,
  );
  assert.equal(picket(['rules', 'test', '/nonexistent/rules']).code, 2);
  const help = picket(['rules', 'test', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: picket rules test/);
  const investigate = picket(['investigate', '--help']);
  assert.match(investigate.stdout, /--sigma/);
  assert.match(investigate.stdout, /--rules <path>/);
  assert.match(investigate.stdout, /--mapping <file>/);
});

test('standard input is sniffed as files are: JSON records, gzip included, or log lines', () => {
  const ndjson = readFileSync(`${FIX}/events.ndjson`);
  // events.ndjson (README.md there): record 1 SQL injection, record 2 XSS, line 3 broken; both
  // rules are high, each matched once: ranked by title.
  for (const input of [ndjson, gzipSync(ndjson)]) {
    const r = picket(['investigate', '--sigma', '--jsonl', '-'], input);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      jsonl(r.stdout).map((f) => [f.rule.title, f.evidence.map((e: { at: string }) => e.at)]),
      [
        ['Cross-Site Scripting Attempt in a Web Request', ['<stdin>:2 #2']],
        ['SQL Injection Attempt in a Web Request', ['<stdin>:1 #1']],
      ],
    );
  }
  const log = picket(['investigate', '--sigma', '--jsonl', '-'], readFileSync(`${FIX}/access.log`));
  // access.log (README.md there): SQL injection, XSS, path traversal, scanner, web shell, failed
  // and successful web login — 7 rules.
  assert.equal(jsonl(log.stdout).length, 7);
});
