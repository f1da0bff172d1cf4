import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { assemble, MODULES, moduleSource } from '../../scripts/build-wasm.ts';
import { FORMATS, type LineParser } from '../../src/ingest/index.ts';

// The WebAssembly prefilters must keep exactly the lines the JavaScript ones keep, line by line:
// access runs where the hour changes, times are bad, quotes are escaped and statuses are fake;
// auth runs of every sshd message shape, other programs and broken headers.

const loginParser = (format: string): LineParser => {
  const parser = FORMATS.find((f) => f.name === format)?.createParser({
    file: 'x',
    tz: 'UTC',
    year: 2025,
    interest: 'logins',
  });
  assert.ok(parser?.skip && parser.keptLines);
  return parser;
};

/** Indexes of the lines of `run` that each prefilter keeps, through two fresh parsers. */
function verdicts(lines: string[], format = 'access') {
  const run = Buffer.from(lines.join('\n'));
  const js: number[] = [];
  const jsParser = loginParser(format);
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const end = start + Buffer.byteLength(lines[i]);
    if (!jsParser.skip?.(run, start, end)) js.push(i);
    start = end + 1;
  }
  const wasm: number[] = [];
  const total = loginParser(format).keptLines?.(run, 1, (_start, _end, index) => wasm.push(index)).lines;
  return { js, wasm, total };
}

test('the WebAssembly module is the one its source assembles to', async () => {
  for (const m of MODULES)
    assert.equal(
      readFileSync(m.out, 'utf8'),
      moduleSource(m.wat, m.name, await assemble(m.wat)),
      `${m.out} is stale`,
    );
});

test('the access WebAssembly prefilter keeps the lines the JavaScript one keeps (property)', () => {
  // Times are mostly the run's own hour, so most lines reach the checks the WebAssembly side makes
  // itself; the others start a new hour (valid or not), which the JavaScript side decides.
  const time = fc.tuple(
    fc.constantFrom('03', '31', '29'),
    fc.constantFrom('Mar', 'Feb', 'Mzr'),
    fc.constantFrom('2024', '2025'),
    fc.constantFrom('11', '12', '1x', '24'),
    fc.constantFrom('+0100', '-0000', '+01x0'),
  );
  const line = fc.record({
    client: fc.constantFrom('203.0.113.9', '2001:db8::1', 'host.example vhost', ''),
    user: fc.constantFrom('-', '-', 'alice', '- -'),
    method: fc.constantFrom('GET', 'GET', 'POST', 'HEAD', 'POSTX'),
    path: fc.constantFrom('/', '/wp-login.php', '/login?x=" 401', '/a b', '/a\\" 200 x', '/"'),
    status: fc.constantFrom('200', '302', '401', '403', '407', '408', '500', '2000', '20', '0xx', '100'),
    tail: fc.constantFrom('', ' 12', ' 12 "-" "curl/8"', ' - "-" "a \\" 401 b"'),
    newHour: fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: time, weight: 1 }),
    minute: fc.constantFrom('00', '59', '60', '5x', ':0'),
    second: fc.constantFrom('00', '59', '60', '61'),
    crlf: fc.boolean(),
  });
  fc.assert(
    fc.property(time, fc.array(line, { minLength: 1, maxLength: 40 }), (hour, ls) => {
      const lines = ls.map((l) => {
        const [d, mon, y, hh, zone] = l.newHour ?? hour;
        const text = `${l.client} - ${l.user} [${d}/${mon}/${y}:${hh}:${l.minute}:${l.second} ${zone}] "${l.method} ${l.path} HTTP/1.1" ${l.status}${l.tail}`;
        return l.crlf ? `${text}\r` : text;
      });
      const { js, wasm, total } = verdicts(lines);
      assert.deepEqual(wasm, js);
      assert.equal(total, lines.length);
    }),
    { numRuns: 1000 },
  );
});

test('the access WebAssembly prefilter keeps what the JavaScript one keeps, each field varied in turn', () => {
  // A skippable line, then every variant of one field at a time, each after the base line again:
  // every check the WebAssembly side makes is met in the hour it already knows.
  const base = {
    client: '203.0.113.9',
    user: '-',
    day: '03/Mar/2025',
    hour: '11',
    minute: '00',
    second: '00',
    zone: '+0100',
    method: 'GET',
    path: '/',
    status: '200',
    tail: ' 12 "-" "curl/8"',
  };
  type Fields = typeof base;
  const render = (f: Fields) =>
    `${f.client} - ${f.user} [${f.day}:${f.hour}:${f.minute}:${f.second} ${f.zone}] "${f.method} ${f.path} HTTP/1.1" ${f.status}${f.tail}`;
  const variants: Partial<Fields>[] = [
    ...['2001:db8::1', '', 'vhost 203.0.113.9', 'x'.repeat(30)].map((client) => ({ client })),
    ...['alice', '- -', ''].map((user) => ({ user })),
    ...['04/Mar/2025', '29/Feb/2025', '03/Mzr/2025'].map((day) => ({ day })),
    ...['12', '1x', '24', '10'].map((hour) => ({ hour })),
    ...['59', '60', '5x', ':0', '0'].map((minute) => ({ minute })),
    ...['59', '60', '61', 'x0'].map((second) => ({ second })),
    ...['+0200', '+01x0', '+010x', '-0100', '+0100 '].map((zone) => ({ zone })),
    ...['POST', 'POSTX', 'HEAD', 'PUT'].map((method) => ({ method })),
    ...['/wp-login.php', '/login?x=" 401', '/a\\" 200 x', '/"', '/a\\\\" 401 x'].map((path) => ({ path })),
    ...['401', '407', '408', '400', '100', '999', '099', '2000', '20', '0xx', '4O1'].map((status) => ({
      status,
    })),
    ...['', ' 12', ' -', 'x', ' 12\r'].map((tail) => ({ tail })),
  ];
  // And a few byte-level breaks of the fixed shape.
  const broken = [
    ['] "', '] x'],
    ['] "', ']x"'],
    [' [', ' x'],
    [':00:00 ', ':00x00 '],
    [':11:', 'x11:'],
    ['- - [', '--- ['],
    ['- - [', '- x ['],
  ].map(([from, to]) => render(base).replace(from, to));
  const lines: string[] = [];
  for (const v of variants) lines.push(render(base), render({ ...base, ...v }));
  for (const b of broken) lines.push(render(base), b);
  const { js, wasm, total } = verdicts(lines);
  assert.deepEqual(wasm, js);
  assert.equal(total, lines.length);
  assert.ok(js.length > variants.length / 2, 'most variants are kept');
});

test('the access WebAssembly prefilter keeps what the JavaScript one keeps on the edges of a run', () => {
  const ok = '203.0.113.9 - - [03/Mar/2025:11:00:00 +0100] "GET / HTTP/1.1" 200 12';
  for (const lines of [
    [''],
    ['', ''],
    [ok],
    [ok, ''],
    ['', ok],
    [ok, ok, ok],
    ['x'.repeat(70)],
    [`${ok} ${'y'.repeat(100)}`],
  ]) {
    const { js, wasm, total } = verdicts(lines);
    assert.deepEqual(wasm, js, JSON.stringify(lines));
    assert.equal(total, lines.length);
  }
});

for (const { file, format } of [
  { file: 'test/fixtures/access-log/mixed.log', format: 'access' },
  { file: '../shared/data/logs/logparser-hackers-access.log', format: 'access' },
  { file: 'test/fixtures/auth-log/pam-and-failed-same-attempt.log', format: 'auth' },
  { file: 'test/fixtures/auth-log/rhel-secure.log', format: 'auth' },
  { file: '../shared/data/logs/loghub-Linux_2k.log', format: 'auth' },
]) {
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch {}
  test(`the WebAssembly prefilter keeps what the JavaScript one keeps: ${file}`, {
    skip: text === undefined && `${file} is absent`,
  }, () => {
    const lines = (text as string).split('\n');
    const { js, wasm, total } = verdicts(lines, format);
    assert.deepEqual(wasm, js);
    assert.equal(total, lines.length);
    assert.ok(js.length < lines.length, 'some lines are skipped');
  });
}

test('the auth WebAssembly prefilter keeps what the JavaScript one keeps (property)', () => {
  const header = fc.constantFrom(
    'Mar 10 06:25:12 web-01 ',
    'Mar  1 00:00:01 h  ',
    '2025-03-10T06:25:12.123456+01:00 web-01 ',
    '2025-03-10T06:25:12Z h ',
    '2025-03-10T06:25:12',
    'Mar 10 06:25:12 ',
    'Mar 10 06:25:12 web-01',
    'Mar 10 06:2x:12 web-01 ',
    'Mar 10 06:25:12xweb-01 ',
    '2025-03-10 06:25:12 web-01 ',
    '',
  );
  const tag = fc.constantFrom(
    'sshd[12]: ',
    'sshd: ',
    'sshd-session[7]: ',
    'sshd(pam_unix)[9]: ',
    'CRON[1]: ',
    'sshdx: ',
    'sshd[1]:',
    'sshd',
    `sshd${'x'.repeat(40)}: `,
    `sshd${'x'.repeat(35)}: `,
    `sshd${'x'.repeat(34)}: `,
  );
  const message = fc.constantFrom(
    'Failed password for root from 192.0.2.1 port 22 ssh2',
    'Accepted publickey for alice from 192.0.2.1 port 22 ssh2',
    'message repeated 2 times: [ Failed password for root from 192.0.2.1 port 22 ssh2]',
    'PAM 2 more authentication failures; rhost=192.0.2.1',
    'authentication failure; rhost=192.0.2.1',
    'pam_unix(sshd:auth): authentication failure; logname= uid=0 rhost=192.0.2.1',
    'pam_unix(sshd:auth): 2 more authentication failures; rhost=192.0.2.1',
    'pam_unix(sshd:auth): check pass; user unknown',
    'pam_unix(sshd:session): session opened for user root',
    'pam_unix(sshd:aut',
    'pam_unix(sshd:auth)x authentication failure',
    'pam_unix(sshd:auth): ',
    'pam_unix(sshd:auth):xauthentication failure',
    'pam_unix(sshd:auth): a',
    'pam_unix(sshd:auth): 1',
    'Invalid user admin from 192.0.2.1 port 22',
    'Connection closed by 192.0.2.1 port 22 [preauth]',
    '3 more',
    '',
    'x',
  );
  fc.assert(
    fc.property(
      fc.array(fc.tuple(header, tag, message, fc.boolean()), { minLength: 1, maxLength: 30 }),
      (ls) => {
        const lines = ls.map(([h, t, m, crlf]) => `${h}${t}${m}${crlf ? '\r' : ''}`);
        const { js, wasm, total } = verdicts(lines, 'auth');
        assert.deepEqual(wasm, js);
        assert.equal(total, lines.length);
      },
    ),
    { numRuns: 1000 },
  );
});
