import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Event } from '../../src/core/event.ts';
import { ipv4Number } from '../../src/core/ip.ts';
import { FORMATS, type FormatContext, type LoginSink, parseFile } from '../../src/ingest/index.ts';
import { agreeOnRandomRuns, frame, mostly, readIfPresent, repeatedFile, sameVerdicts } from './both-paths.ts';

// With a login sink, the access parser reads most kept lines from their facts (line-scan.wat kind
// 3) instead of their text. The text parser is the reference: both must give the same requests of
// interest (time, line, status, a POST's path, client), in the same order, and the same verdicts.

const ctx = (logins?: LoginSink): FormatContext => ({ file: 'x', tz: 'UTC', interest: 'logins', logins });
const access = FORMATS.find((f) => f.name === 'access') as (typeof FORMATS)[number];

function request(
  ts: number,
  line: number,
  status: number,
  postPath?: string,
  address?: string,
  user?: string,
) {
  return `${line} ${new Date(ts).toISOString()} ${status} ${postPath ?? '(not a POST)'} ${address} ${user ?? '-'}`;
}

const eventRequest = (e: Event) =>
  request(
    e['@timestamp'],
    e['log.file.line'],
    e['http.response.status_code'] ?? -1,
    e['http.request.method'] === 'POST' ? (e['url.path'] ?? '') : undefined,
    e['source.address'],
    e['user.name'],
  );

/** A sink that writes requests as `request` does, checking the numbers it is given. */
function collecting(out: string[]): LoginSink {
  return {
    login: () => assert.fail('a login outcome from the access parser'),
    user: () => assert.fail('a user name from the access parser'),
    request(ts, line, status, postPath, ipv4, address) {
      let text = address;
      if (ipv4 >= 0) {
        text = `${ipv4 >>> 24}.${(ipv4 >>> 16) & 255}.${(ipv4 >>> 8) & 255}.${ipv4 & 255}`;
        assert.equal(ipv4Number(text), ipv4);
        assert.equal(address, undefined);
      }
      out.push(request(ts, line, status, postPath, text));
    },
  };
}

/** The text path (prefilter, then the text parser) and the facts path over the same lines. */
function bothWays(lines: string[]) {
  const events: string[] = [];
  const text = frame(access.createParser(ctx()), lines, (e) => events.push(eventRequest(e)));
  // The facts path's own requests and the events of the lines it leaves to the text parser, in order.
  const facts: string[] = [];
  const viaFacts = frame(access.createParser(ctx(collecting(facts))), lines, (e) =>
    facts.push(eventRequest(e)),
  );
  sameVerdicts(text, viaFacts, lines);
  return { events, facts, read: viaFacts.read };
}

const line = fc.record({
  client: mostly('203.0.113.9', '2001:db8::1', '203.0.113.09', 'host.example', 'vhost 203.0.113.9', ''),
  user: mostly('-', 'alice', '- -', ''),
  // Minutes past the hour the run starts in; 60 and more cross into the next hour.
  minute: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 59 }), weight: 8 }, fc.constantFrom(60, 75, 130)),
  second: mostly('07', '00', '59', '60', '61', '5x'),
  method: mostly('POST', 'GET', 'PUT', 'POSTX', 'M-SEARCH', 'MK_COL', 'Post', 'aGET', ''),
  path: mostly(
    '/wp-login.php',
    '/login?next=/',
    '/users/sign_in/',
    '/LOGIN',
    '/',
    '/a?b?c',
    'http://h/login',
    '*',
    '/a b',
    '/"',
    '/a\\"b',
    '/a\\\\b',
    '/ünï',
  ),
  version: mostly(
    ' HTTP/1.1',
    ' HTTP/1.0',
    '',
    ' HTTP/2.0',
    ' HTTX/1.1',
    '  HTTP/1.1',
    ' HTTP/ a',
    ' HTTP/1 1',
  ),
  status: mostly('401', '200', '302', '403', '407', '500', '4x1', '2000', '-'),
  tail: mostly(
    ' 512 "-" "curl/8"',
    '',
    ' -',
    ' 512',
    ' 12x',
    ' 512 "-',
    ' 512 "-" "curl',
    ' 512 "-" x',
    ' 512 "a" "b" "c"',
    ' 512 "-" "a \\" b"',
    ' 512  "-"',
  ),
  crlf: mostly(false, true),
});

test('the facts path gives the text path’s requests and verdicts (property)', () => {
  agreeOnRandomRuns(
    line,
    (run) =>
      run.map((l) => {
        const t = new Date(Date.UTC(2025, 2, 3, 10, l.minute, 0));
        const clf = `03/Mar/2025:${String(t.getUTCHours()).padStart(2, '0')}:${t.toISOString().slice(14, 16)}`;
        const s = `${l.client} - ${l.user} [${clf}:${l.second} +0100] "${l.method} ${l.path}${l.version}" ${l.status}${l.tail}`;
        return l.crlf ? `${s}\r` : s;
      }),
    bothWays,
    1500,
  );
});

const realLogs = [
  'test/fixtures/access-log/mixed.log',
  'test/fixtures/bruteforce/access.log',
  '../shared/data/logs/logparser-hackers-access.log',
];
for (const file of realLogs) {
  const text = readIfPresent(file);
  test(`the facts path gives the text path’s requests: ${file}`, {
    skip: text === undefined && `${file} is absent`,
  }, () => {
    const { events, facts } = bothWays((text as string).split('\n'));
    assert.deepEqual(facts, events);
  });
}

test('the facts path gives the text path’s requests with any one byte of a usual line changed', () => {
  const usual = [
    '203.0.113.9 - - [03/Mar/2025:11:00:00 +0100] "POST /wp-login.php HTTP/1.1" 200 512 "-" "Mozilla/5.0"',
    '198.51.100.24 - - [03/Mar/2025:11:00:01 +0100] "GET /admin/?x=1 HTTP/1.0" 401 12',
    '2001:db8::1 - - [03/Mar/2025:11:00:02 +0100] "POST /login?next=/ HTTP/1.1" 302 -',
    '203.0.113.9 - - [03/Mar/2025:11:00:03 +0100] "POST /x" 407 0 "-"',
  ];
  // First a line the prefilter skips, whose hour it then knows: only then can lines be read from facts.
  const lines = ['192.0.2.1 - - [03/Mar/2025:11:00:00 +0100] "GET / HTTP/1.1" 200 5'];
  for (const line of usual)
    for (let i = 0; i < line.length; i++)
      for (const b of [' ', 'x', '"', '9', ':', '?', '-', '/']) {
        if (line[i] === b) continue;
        lines.push(line, `${line.slice(0, i)}${b}${line.slice(i + 1)}`);
      }
  const { events, facts, read } = bothWays(lines);
  assert.deepEqual(facts, events);
  assert.ok(read > lines.length / 2);
});

test('parseFile with a login sink gives the run summary of events, past the lines read to sniff', async () => {
  // Over a chunk (1 MiB) of lines, so most are read from their facts.
  const path = repeatedFile('test/fixtures/access-log/mixed.log', 'access.log', 1500);
  const opts = { tz: 'UTC', interest: 'logins' as const };
  const events: string[] = [];
  const viaEvents = await parseFile({ path }, opts, (e) => events.push(eventRequest(e)));
  const facts: string[] = [];
  const viaFacts = await parseFile({ path }, { ...opts, logins: collecting(facts) }, (e) =>
    facts.push(eventRequest(e)),
  );
  assert.deepEqual(facts, events);
  assert.deepEqual(viaFacts, viaEvents);
  assert.ok(events.length > 1000);
});
