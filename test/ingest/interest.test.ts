import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Event } from '../../src/core/event.ts';
import { FORMATS, type FormatContext, parseFile } from '../../src/ingest/index.ts';

// `interest: 'logins'` may skip building events, never checking lines: every line must get the same
// verdict, and the events kept must be exactly the login-relevant subset of the full parse.
const couldBeLogin = (e: Event) =>
  e['event.category'] === 'authentication'
    ? e['event.action'] === 'ssh_login'
    : e['http.response.status_code'] === 401 ||
      e['http.response.status_code'] === 407 ||
      e['http.request.method'] === 'POST' ||
      e['user.name'] !== undefined;

const cases = [
  { format: 'access', file: 'test/fixtures/access-log/mixed.log' },
  { format: 'access', file: '../shared/data/logs/logparser-hackers-access.log' },
  { format: 'auth', file: 'test/fixtures/auth-log/pam-and-failed-same-attempt.log' },
  { format: 'auth', file: 'test/fixtures/auth-log/rhel-secure.log' },
  { format: 'auth', file: '../shared/data/logs/loghub-Linux_2k.log' },
];

function run(format: string, lines: string[], interest: 'all' | 'logins') {
  const ctx: FormatContext = { file: 'x', tz: 'UTC', year: 2025, interest };
  const parser = FORMATS.find((f) => f.name === format)?.createParser(ctx);
  assert.ok(parser);
  const events: Event[] = [];
  const verdicts = lines.map((l, i) => parser.parse(l, i + 1, (e) => events.push(e)));
  parser.end?.((e) => events.push(e));
  return { events, verdicts };
}

for (const c of cases) {
  let text: string | undefined;
  try {
    text = readFileSync(c.file, 'utf8');
  } catch {}
  test(`interest 'logins' keeps every verdict and the login subset: ${c.file}`, {
    skip: text === undefined && `${c.file} is absent`,
  }, () => {
    const lines = (text as string).split('\n');
    const all = run(c.format, lines, 'all');
    const logins = run(c.format, lines, 'logins');
    assert.deepEqual(logins.verdicts, all.verdicts);
    const key = (e: Event) =>
      `${e['log.file.line']} ${e['event.action']} ${e['source.address']} ${e['event.count'] ?? 1}`;
    assert.deepEqual(logins.events.map(key), all.events.filter(couldBeLogin).map(key));
    assert.ok(logins.events.length > 0);
  });

  test(`a line the byte prefilter skips is understood and yields no login event: ${c.file}`, {
    skip: text === undefined && `${c.file} is absent`,
  }, () => {
    const lines = (text as string).split('\n');
    const parser = FORMATS.find((f) => f.name === c.format)?.createParser({
      file: 'x',
      tz: 'UTC',
      year: 2025,
      interest: 'logins',
    });
    assert.ok(parser?.skip, 'the format has a prefilter');
    let skipped = 0;
    for (const [i, line] of lines.entries()) {
      const bytes = Buffer.from(line);
      if (!parser.skip(bytes, 0, bytes.length)) continue;
      skipped++;
      const alone = run(c.format, [line], 'all');
      assert.deepEqual(alone.verdicts, [undefined], `line ${i + 1} is understood`);
      assert.deepEqual(alone.events.filter(couldBeLogin), [], `line ${i + 1} has no login event`);
    }
    assert.ok(skipped > 0, 'the prefilter skips something');
  });
}

test('access prefilter: generated lines it skips are never login-relevant (property)', () => {
  const parser = FORMATS.find((f) => f.name === 'access')?.createParser({
    file: 'x',
    tz: 'UTC',
    interest: 'logins',
  });
  const line = fc.record({
    user: fc.constantFrom('-', 'alice', '- -'),
    method: fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'POSTX'),
    path: fc.constantFrom('/', '/wp-login.php', '/login?x=" 401', '/a b', '/a\\" 200 x'),
    status: fc.constantFrom(200, 302, 401, 403, 404, 407, 500),
    tail: fc.constantFrom('', ' "-" "curl/8"', ' "-" "a \\" 401 b"'),
    // Mostly valid times, some not: the prefilter must leave bad ones to the parser.
    time: fc.tuple(
      fc.constantFrom('03', '31', '29', '00'),
      fc.constantFrom('Mar', 'Feb', 'Apr', 'Mzr'),
      fc.constantFrom('2024', '2025'),
      fc.constantFrom('11', '23', '24'),
      fc.constantFrom('00', '59', '60', '5x'),
      fc.constantFrom('+0100', '-0000', '+01x0', '+0160'),
    ),
  });
  fc.assert(
    fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
      // Several lines through one prefilter: it remembers the last good time between lines.
      for (const { user, method, path, status, tail, time } of lines)
        check(user, method, path, status, tail, time);
    }),
    { numRuns: 500 },
  );
  function check(user: string, method: string, path: string, status: number, tail: string, time: string[]) {
    const [d, mon, y, hh, mm, zone] = time;
    const text = `203.0.113.9 - ${user} [${d}/${mon}/${y}:${hh}:${mm}:${mm} ${zone}] "${method} ${path} HTTP/1.1" ${status} 12${tail}`;
    const bytes = Buffer.from(text);
    if (!parser?.skip?.(bytes, 0, bytes.length)) return;
    const alone = run('access', [text], 'all');
    assert.deepEqual(alone.verdicts, [undefined], text);
    assert.deepEqual(alone.events.filter(couldBeLogin), []);
  }
});

test('auth prefilter: of pam_unix lines, only auth failures and their counts are read', () => {
  const parser = FORMATS.find((f) => f.name === 'auth')?.createParser({
    file: 'x',
    tz: 'UTC',
    year: 2025,
    interest: 'logins',
  });
  const h = 'Mar  1 10:00:00 h sshd[5]: pam_unix(sshd:';
  const cases: [string, boolean][] = [
    [
      `${h}auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.1  user=root`,
      false,
    ],
    [
      `${h}auth): 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.1`,
      false,
    ],
    [`${h}auth): check pass; user unknown`, true],
    [`${h}session): session opened for user root(uid=0) by (uid=0)`, true],
    [`${h}account): authentication failure`, true],
    [`${h}auth): `, true],
  ];
  for (const [line, skipped] of cases) {
    const bytes = Buffer.from(
      `${line}\nMar  1 10:00:01 h sshd[5]: Failed password for root from 192.0.2.1 port 1 ssh2`,
    );
    assert.equal(parser?.skip?.(bytes, 0, line.length), skipped, line);
    if (skipped) assert.deepEqual(run('auth', [line], 'all').events.filter(couldBeLogin), [], line);
  }
});

test("interest 'logins' over files of several chunks read into the scanner's memory gives the full parse's logins", async () => {
  // Past the first chunk (read to sniff the format), chunks go straight into the WebAssembly
  // memory and are scanned where they lie; lines of varied length straddle every chunk's end.
  const dir = mkdtempSync(join(tmpdir(), 'picket-chunks-'));
  for (const { format, fixture } of [
    { format: 'access', fixture: 'test/fixtures/access-log/mixed.log' },
    { format: 'auth', fixture: 'test/fixtures/auth-log/pam-and-failed-same-attempt.log' },
  ]) {
    const lines = readFileSync(fixture, 'utf8').trimEnd().split('\n');
    const out: string[] = [];
    for (let i = 0; out.length < 40_000; i++) out.push(...lines.map((l) => `${l}${' '.repeat(i % 7)}`));
    const path = join(dir, `${format}.log`);
    writeFileSync(path, `${out.join('\n')}\n`);
    const events = async (interest: 'all' | 'logins') => {
      const got: string[] = [];
      // Slim events are the login subset already; the full parse's are filtered to it.
      const report = await parseFile({ path }, { tz: 'UTC', year: 2025, interest }, (e) => {
        if (interest === 'logins' || couldBeLogin(e))
          got.push(
            `${e['log.file.line']} ${e['event.action']} ${e['source.address']} ${e['event.count'] ?? 1}`,
          );
      });
      return { got, report };
    };
    const all = await events('all');
    const logins = await events('logins');
    assert.ok(all.report.bytes > 3 << 20, 'several chunks');
    assert.equal(logins.report.lines, all.report.lines);
    assert.equal(logins.report.notUnderstood, all.report.notUnderstood);
    assert.deepEqual(logins.got, all.got);
    assert.ok(all.got.length > 1000);
  }
});
