import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { PicketError } from '../../src/core/errors.ts';
import type { Event } from '../../src/core/event.ts';
import { accessLogFormat } from '../../src/ingest/formats/access-log.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/access-log');
const HACKERS_LOG = join(import.meta.dirname, '../../../shared/data/logs/logparser-hackers-access.log');

type Result = { reason: string | undefined; events: Event[] };

function parseLines(lines: string[], logFormat?: string): Result[] {
  const parser = accessLogFormat.createParser({ file: 'access.log', tz: 'UTC', logFormat });
  return lines.map((line, i) => {
    const events: Event[] = [];
    const reason = parser.parse(line, i + 1, (e) => events.push(e));
    return { reason, events };
  });
}

function parseOne(line: string, logFormat?: string): Event {
  const [{ reason, events }] = parseLines([line], logFormat);
  assert.equal(reason, undefined, `should parse: ${line}`);
  assert.equal(events.length, 1);
  return events[0];
}

/** Events keep every field (absent ones are undefined); compare only the ones that are set. */
function present(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** The fields every event of line 1 of 'access.log' has. */
function base(original: string) {
  return {
    'event.dataset': 'web.access',
    'event.category': 'web',
    'event.original': original,
    'log.file.path': 'access.log',
    'log.file.line': 1,
  };
}

type Case = { name: string; line: string; logFormat?: string; want: Record<string, unknown> };

const cases: Case[] = [
  {
    name: 'common log format (the Apache manual example)',
    line: '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326',
    want: {
      '@timestamp': Date.UTC(2000, 9, 10, 20, 55, 36),
      'source.address': '127.0.0.1',
      'source.ip': '127.0.0.1',
      'user.name': 'frank',
      'http.request.method': 'GET',
      'url.original': '/apache_pb.gif',
      'url.path': '/apache_pb.gif',
      'http.version': '1.0',
      'http.response.status_code': 200,
      'http.response.body.bytes': 2326,
    },
  },
  {
    name: 'combined (the Apache manual example)',
    line: '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
    want: {
      '@timestamp': Date.UTC(2000, 9, 10, 20, 55, 36),
      'source.address': '127.0.0.1',
      'source.ip': '127.0.0.1',
      'user.name': 'frank',
      'http.request.method': 'GET',
      'url.original': '/apache_pb.gif',
      'url.path': '/apache_pb.gif',
      'http.version': '1.0',
      'http.response.status_code': 200,
      'http.response.body.bytes': 2326,
      'http.request.referrer': 'http://www.example.com/start.html',
      'user_agent.original': 'Mozilla/4.08 [en] (Win98; I ;Nav)',
    },
  },
  {
    name: 'Nginx default (combined), HTTP/2, query string dropped from url.path',
    line: '203.0.113.9 - - [12/Jan/2024:06:25:24 +0000] "GET /login?next=%2Fadmin HTTP/2.0" 401 179 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"',
    want: {
      '@timestamp': Date.UTC(2024, 0, 12, 6, 25, 24),
      'source.address': '203.0.113.9',
      'source.ip': '203.0.113.9',
      'http.request.method': 'GET',
      'url.original': '/login?next=%2Fadmin',
      'url.path': '/login',
      'http.version': '2.0',
      'http.response.status_code': 401,
      'http.response.body.bytes': 179,
      'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
    },
  },
  {
    name: 'vhost:port prefix (Apache vhost_combined); +0100 crossing into a leap day',
    line: 'www.example.com:443 203.0.113.7 - - [01/Mar/2024:00:00:01 +0100] "POST /wp-login.php HTTP/1.1" 200 4523 "-" "curl/8.5.0"',
    want: {
      '@timestamp': Date.UTC(2024, 1, 29, 23, 0, 1),
      'url.domain': 'www.example.com',
      'source.address': '203.0.113.7',
      'source.ip': '203.0.113.7',
      'http.request.method': 'POST',
      'url.original': '/wp-login.php',
      'url.path': '/wp-login.php',
      'http.version': '1.1',
      'http.response.status_code': 200,
      'http.response.body.bytes': 4523,
      'user_agent.original': 'curl/8.5.0',
    },
  },
  {
    name: 'vhost prefix without a port, and a user',
    line: 'example.org 198.51.100.23 - admin [31/Dec/1999:23:59:59 -0130] "GET /private/ HTTP/1.1" 304 - "-" "-"',
    want: {
      '@timestamp': Date.UTC(2000, 0, 1, 1, 29, 59),
      'url.domain': 'example.org',
      'source.address': '198.51.100.23',
      'source.ip': '198.51.100.23',
      'user.name': 'admin',
      'http.request.method': 'GET',
      'url.original': '/private/',
      'url.path': '/private/',
      'http.version': '1.1',
      'http.response.status_code': 304,
    },
  },
  {
    name: 'whole line wrapped in double quotes, inner quotes escaped',
    line: String.raw`"192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] \"GET /x?y=1 HTTP/1.1\" 404 0 \"-\" \"Wget/1.21\""`,
    want: {
      '@timestamp': Date.UTC(2000, 9, 10, 13, 55, 36),
      'source.address': '192.0.2.1',
      'source.ip': '192.0.2.1',
      'http.request.method': 'GET',
      'url.original': '/x?y=1',
      'url.path': '/x',
      'http.version': '1.1',
      'http.response.status_code': 404,
      'http.response.body.bytes': 0,
      'user_agent.original': 'Wget/1.21',
    },
  },
  {
    name: 'IPv6 client',
    line: '2001:db8::1 - - [05/Nov/2023:01:30:00 -0500] "GET / HTTP/1.1" 200 612 "-" "curl/7.88.1"',
    want: {
      '@timestamp': Date.UTC(2023, 10, 5, 6, 30, 0),
      'source.address': '2001:db8::1',
      'source.ip': '2001:db8::1',
      'http.request.method': 'GET',
      'url.original': '/',
      'url.path': '/',
      'http.version': '1.1',
      'http.response.status_code': 200,
      'http.response.body.bytes': 612,
      'user_agent.original': 'curl/7.88.1',
    },
  },
  {
    name: 'IPv6 client behind a vhost:port prefix',
    line: 'example.net:80 2001:db8:0:1::2 - - [05/Nov/2023:01:30:00 +0000] "HEAD / HTTP/1.0" 200 -',
    want: {
      '@timestamp': Date.UTC(2023, 10, 5, 1, 30, 0),
      'url.domain': 'example.net',
      'source.address': '2001:db8:0:1::2',
      'source.ip': '2001:db8:0:1::2',
      'http.request.method': 'HEAD',
      'url.original': '/',
      'url.path': '/',
      'http.version': '1.0',
      'http.response.status_code': 200,
    },
  },
  {
    name: 'client logged as a host name: no source.ip',
    line: 'crawler.example.net - - [04/May/2024:10:00:09 +0000] "GET /robots.txt HTTP/1.0" 200 68',
    want: {
      '@timestamp': Date.UTC(2024, 4, 4, 10, 0, 9),
      'source.address': 'crawler.example.net',
      'http.request.method': 'GET',
      'url.original': '/robots.txt',
      'url.path': '/robots.txt',
      'http.version': '1.0',
      'http.response.status_code': 200,
      'http.response.body.bytes': 68,
    },
  },
  {
    name: 'TLS handshake bytes as the request: no method, raw text kept',
    line: String.raw`198.51.100.23 - - [04/May/2024:10:00:04 +0000] "\x16\x03\x01\x00\xf1\x01\x00\x00\xed\x03\x03" 400 157 "-" "-"`,
    want: {
      '@timestamp': Date.UTC(2024, 4, 4, 10, 0, 4),
      'source.address': '198.51.100.23',
      'source.ip': '198.51.100.23',
      'url.original': String.raw`\x16\x03\x01\x00\xf1\x01\x00\x00\xed\x03\x03`,
      'http.response.status_code': 400,
      'http.response.body.bytes': 157,
    },
  },
  {
    name: 'escaped quotes inside the request and the user agent',
    line: String.raw`203.0.113.5 - - [10/Oct/2000:13:55:36 +0000] "GET /s?q=\"x\" HTTP/1.1" 200 1 "-" "a \"b\" \\c"`,
    want: {
      '@timestamp': Date.UTC(2000, 9, 10, 13, 55, 36),
      'source.address': '203.0.113.5',
      'source.ip': '203.0.113.5',
      'http.request.method': 'GET',
      'url.original': '/s?q="x"',
      'url.path': '/s',
      'http.version': '1.1',
      'http.response.status_code': 200,
      'http.response.body.bytes': 1,
      'user_agent.original': String.raw`a "b" \c`,
    },
  },
  {
    name: '"-" request (Apache 408) and "-" everywhere',
    line: '198.51.100.24 - - [04/May/2024:10:00:05 +0000] "-" 408 - "-" "-"',
    want: {
      '@timestamp': Date.UTC(2024, 4, 4, 10, 0, 5),
      'source.address': '198.51.100.24',
      'source.ip': '198.51.100.24',
      'http.response.status_code': 408,
    },
  },
  {
    name: 'empty request (Nginx 400)',
    line: '198.51.100.24 - - [04/May/2024:10:00:05 +0000] "" 400 0 "-" "-"',
    want: {
      '@timestamp': Date.UTC(2024, 4, 4, 10, 0, 5),
      'source.address': '198.51.100.24',
      'source.ip': '198.51.100.24',
      'http.response.status_code': 400,
      'http.response.body.bytes': 0,
    },
  },
  {
    name: 'HTTP/0.9 request line (no protocol)',
    line: '192.0.2.7 - - [04/May/2024:10:00:05 +0000] "GET /" 200 10',
    want: {
      '@timestamp': Date.UTC(2024, 4, 4, 10, 0, 5),
      'source.address': '192.0.2.7',
      'source.ip': '192.0.2.7',
      'http.request.method': 'GET',
      'url.original': '/',
      'url.path': '/',
      'http.response.status_code': 200,
      'http.response.body.bytes': 10,
    },
  },
  {
    name: 'proxy request with an absolute URL; CRLF line end',
    line: '192.0.2.7 - - [04/May/2024:10:00:05 +0000] "POST http://example.com/oauth/token?x=1 HTTP/1.1" 400 10\r',
    want: {
      '@timestamp': Date.UTC(2024, 4, 4, 10, 0, 5),
      'source.address': '192.0.2.7',
      'source.ip': '192.0.2.7',
      'http.request.method': 'POST',
      'url.original': 'http://example.com/oauth/token?x=1',
      'url.path': '/oauth/token',
      'http.version': '1.1',
      'http.response.status_code': 400,
      'http.response.body.bytes': 10,
    },
  },
  {
    name: 'CONNECT has no path',
    line: '192.0.2.7 - - [04/May/2024:10:00:05 +0000] "CONNECT example.com:443 HTTP/1.1" 405 0',
    want: {
      '@timestamp': Date.UTC(2024, 4, 4, 10, 0, 5),
      'source.address': '192.0.2.7',
      'source.ip': '192.0.2.7',
      'http.request.method': 'CONNECT',
      'url.original': 'example.com:443',
      'http.version': '1.1',
      'http.response.status_code': 405,
      'http.response.body.bytes': 0,
    },
  },
  {
    name: 'unescaped quote inside the request (old loggers): the status still found',
    line: '192.0.2.8 - - [04/May/2024:10:00:05 +0000] "GET /a"b HTTP/1.0" 404 1',
    want: {
      '@timestamp': Date.UTC(2024, 4, 4, 10, 0, 5),
      'source.address': '192.0.2.8',
      'source.ip': '192.0.2.8',
      'http.request.method': 'GET',
      'url.original': '/a"b',
      'url.path': '/a"b',
      'http.version': '1.0',
      'http.response.status_code': 404,
      'http.response.body.bytes': 1,
    },
  },
  {
    name: 'user names with spaces and " [" (basic-auth names are attacker-chosen)',
    line: '192.0.2.9 - a [10/Oct/2000:00:00:00 +0000] x [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 401 381',
    want: {
      '@timestamp': Date.UTC(2000, 9, 10, 13, 55, 36),
      'source.address': '192.0.2.9',
      'source.ip': '192.0.2.9',
      'user.name': 'a [10/Oct/2000:00:00:00 +0000] x',
      'http.request.method': 'GET',
      'url.original': '/',
      'url.path': '/',
      'http.version': '1.1',
      'http.response.status_code': 401,
      'http.response.body.bytes': 381,
    },
  },
  {
    name: 'a forged status inside the request is not believed',
    line: String.raw`192.0.2.9 - - [10/Oct/2000:13:55:36 +0000] "GET /\" 200 1 \"-\" \"x HTTP/1.1" 401 381 "-" "-"`,
    want: {
      '@timestamp': Date.UTC(2000, 9, 10, 13, 55, 36),
      'source.address': '192.0.2.9',
      'source.ip': '192.0.2.9',
      'http.request.method': 'GET',
      'url.original': '/" 200 1 "-" "x',
      'url.path': '/" 200 1 "-" "x',
      'http.version': '1.1',
      'http.response.status_code': 401,
      'http.response.body.bytes': 381,
    },
  },
  {
    name: 'fields after the user agent (Nginx "$http_x_forwarded_for", Apache %D) are ignored',
    line: '192.0.2.9 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8" "198.51.100.1" 1234',
    want: {
      '@timestamp': Date.UTC(2000, 9, 10, 13, 55, 36),
      'source.address': '192.0.2.9',
      'source.ip': '192.0.2.9',
      'http.request.method': 'GET',
      'url.original': '/',
      'url.path': '/',
      'http.version': '1.1',
      'http.response.status_code': 200,
      'http.response.body.bytes': 5,
      'user_agent.original': 'curl/8',
    },
  },
  {
    name: 'custom Nginx format: $host, $time_iso8601, $bytes_sent, $request_time, a multi-valued $upstream_response_time',
    logFormat:
      '$host $remote_addr [$time_iso8601] "$request" $status $bytes_sent $request_time $upstream_response_time "$http_user_agent"',
    line: 'shop.example.com 198.51.100.7 [2024-05-04T10:11:12+02:00] "POST /users/sign_in HTTP/1.1" 302 912 0.045 0.040, 0.004 "Mozilla/5.0"',
    want: {
      '@timestamp': Date.UTC(2024, 4, 4, 8, 11, 12),
      'url.domain': 'shop.example.com',
      'source.address': '198.51.100.7',
      'source.ip': '198.51.100.7',
      'http.request.method': 'POST',
      'url.original': '/users/sign_in',
      'url.path': '/users/sign_in',
      'http.version': '1.1',
      'http.response.status_code': 302,
      'http.response.bytes': 912,
      'event.duration': 45_000_000,
      'user_agent.original': 'Mozilla/5.0',
    },
  },
  {
    name: 'custom Nginx format pasted from nginx.conf, with $msec and $http_x_forwarded_for',
    logFormat: `log_format edge '$msec $remote_addr $remote_user "$request" '\n    '$status $body_bytes_sent "$http_x_forwarded_for" $request_id';`,
    line: '1714817472.250 10.0.0.5 - "GET /auth HTTP/1.1" 401 0 "203.0.113.77" 4f1c0a9e',
    want: {
      '@timestamp': Date.UTC(2024, 4, 4, 10, 11, 12, 250),
      'source.address': '10.0.0.5',
      'source.ip': '10.0.0.5',
      'http.request.method': 'GET',
      'url.original': '/auth',
      'url.path': '/auth',
      'http.version': '1.1',
      'http.response.status_code': 401,
      'http.response.body.bytes': 0,
      'network.forwarded_ip': '203.0.113.77',
    },
  },
  {
    name: 'custom Apache format: %{remote}p, "%m %U%q %H" instead of %r, %B, %D',
    logFormat: '%a %{remote}p %u %t "%m %U%q %H" %>s %B %D "%{User-agent}i"',
    line: '192.0.2.44 51234 alice [05/May/2024:23:59:59 -0400] "POST /login?next=%2Fadmin HTTP/1.1" 401 1234 5123 "python-requests/2.31"',
    want: {
      '@timestamp': Date.UTC(2024, 4, 6, 3, 59, 59),
      'source.address': '192.0.2.44',
      'source.ip': '192.0.2.44',
      'source.port': 51234,
      'user.name': 'alice',
      'http.request.method': 'POST',
      'url.original': '/login?next=%2Fadmin',
      'url.path': '/login',
      'http.version': '1.1',
      'http.response.status_code': 401,
      'http.response.body.bytes': 1234,
      'event.duration': 5_123_000,
      'user_agent.original': 'python-requests/2.31',
    },
  },
  {
    name: 'custom Apache format pasted from httpd.conf (LogFormat "…\\"%r\\"…" nickname), %V first',
    logFormat: String.raw`LogFormat "%V %h %l %u %t \"%r\" %>s %b \"%{Referer}i\"" vhost_ref`,
    line: 'intranet.example.com 192.0.2.45 - - [05/May/2024:12:00:00 +0000] "GET /j_security_check HTTP/1.1" 200 - "-"',
    want: {
      '@timestamp': Date.UTC(2024, 4, 5, 12, 0, 0),
      'url.domain': 'intranet.example.com',
      'source.address': '192.0.2.45',
      'source.ip': '192.0.2.45',
      'http.request.method': 'GET',
      'url.original': '/j_security_check',
      'url.path': '/j_security_check',
      'http.version': '1.1',
      'http.response.status_code': 200,
    },
  },
];

for (const c of cases) {
  test(`parses: ${c.name}`, () => {
    const event = parseOne(c.line, c.logFormat);
    assert.deepStrictEqual(present(event), { ...base(c.line), ...c.want });
  });
}

const malformed: { name: string; line: string; logFormat?: string; reason: string }[] = [
  { name: 'prose', line: 'hello world', reason: 'not an access-log line' },
  {
    name: 'an sshd syslog line',
    line: 'May  4 10:00:06 web1 sshd[4242]: Failed password for root from 203.0.113.9 port 52214 ssh2',
    reason: 'not an access-log line',
  },
  {
    name: 'a JSON line',
    line: '{"remote_addr":"192.0.2.1","time":"2024-05-04T10:00:00Z","status":200}',
    reason: 'not an access-log line',
  },
  {
    name: 'hour 25',
    line: '192.0.2.1 - - [04/May/2024:25:00:07 +0000] "GET / HTTP/1.1" 200 612',
    reason: 'bad timestamp',
  },
  {
    name: 'unknown month',
    line: '192.0.2.1 - - [04/Mai/2024:10:00:07 +0000] "GET / HTTP/1.1" 200 612',
    reason: 'bad timestamp',
  },
  {
    name: '29 February of a common year',
    line: '192.0.2.1 - - [29/Feb/2023:10:00:07 +0000] "GET / HTTP/1.1" 200 612',
    reason: 'bad timestamp',
  },
  {
    name: 'a timestamp without its zone',
    line: '192.0.2.1 - - [04/May/2024:10:00:07] "GET / HTTP/1.1" 200 612',
    reason: 'bad timestamp',
  },
  {
    name: 'no status after the request',
    line: '192.0.2.1 - - [04/May/2024:10:00:07 +0000] "GET / HTTP/1.1" OK 612',
    reason: 'not an access-log line',
  },
  {
    name: 'a byte count that is not a number',
    line: '192.0.2.1 - - [04/May/2024:10:00:07 +0000] "GET / HTTP/1.1" 200 6x2',
    reason: 'bad byte count',
  },
  {
    name: 'a referrer that never closes (truncated line)',
    line: '192.0.2.1 - - [04/May/2024:10:00:07 +0000] "GET / HTTP/1.1" 200 612 "http://exa',
    reason: 'unterminated quoted field',
  },
  {
    name: 'a line that does not fit the --log-format',
    logFormat: '$remote_addr [$time_local] "$request" $status',
    line: '192.0.2.1 - - [04/May/2024:10:00:07 +0000] "GET / HTTP/1.1" 200 612',
    reason: 'line does not match --log-format',
  },
  {
    name: 'a --log-format time that is not a date',
    logFormat: '$remote_addr [$time_iso8601] $status',
    line: '192.0.2.1 [2024-02-30T10:00:00+00:00] 200',
    reason: 'bad timestamp',
  },
];

for (const c of malformed) {
  test(`rejects with a reason: ${c.name}`, () => {
    const [{ reason, events }] = parseLines([c.line], c.logFormat);
    assert.equal(reason, c.reason);
    assert.deepStrictEqual(events, []);
  });
}

test('a blank line is understood and emits nothing', () => {
  assert.deepStrictEqual(parseLines(['', '   ']), [
    { reason: undefined, events: [] },
    { reason: undefined, events: [] },
  ]);
});

const invalidFormats: { name: string; logFormat: string; message: RegExp }[] = [
  { name: 'empty', logFormat: '  ', message: /is empty/ },
  { name: 'unknown Apache directive', logFormat: '%h %t %Z', message: /unknown directive '%Z' at column 7/ },
  { name: 'no time field', logFormat: '$remote_addr "$request" $status', message: /no time field/ },
  { name: 'strftime %{…}t', logFormat: '%h [%{%d/%b/%Y}t] "%r"', message: /only %t/ },
  { name: 'no field at all', logFormat: 'abc def', message: /has no fields/ },
  { name: 'dangling %', logFormat: '%h %t %', message: /incomplete directive at column 7/ },
  { name: "stray '$'", logFormat: '$remote_addr $ [$time_local]', message: /'\$' without a variable name/ },
];

for (const c of invalidFormats) {
  test(`an invalid --log-format throws FORMAT_STRING_INVALID: ${c.name}`, () => {
    assert.throws(
      () => accessLogFormat.createParser({ file: 'access.log', tz: 'UTC', logFormat: c.logFormat }),
      (err: unknown) =>
        err instanceof PicketError && err.code === 'FORMAT_STRING_INVALID' && c.message.test(err.message),
    );
  });
}

test('fixture mixed.log: every line parsed or rejected with its reason, line numbers kept', () => {
  const lines = readFileSync(join(FIXTURES, 'mixed.log'), 'utf8').split('\n').slice(0, -1);
  const results = parseLines(lines);
  assert.deepStrictEqual(
    results.map((r) => r.reason),
    [
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined, // blank
      'not an access-log line',
      'bad timestamp',
      undefined,
      undefined,
    ],
  );
  const events = results.flatMap((r) => r.events);
  assert.deepStrictEqual(
    events.map((e) => [e['log.file.line'], e['source.address'], e['http.response.status_code']]),
    [
      [1, '192.0.2.10', 200],
      [2, '192.0.2.10', 200],
      [3, '192.0.2.11', 200],
      [4, '2001:db8:85a3::8a2e:370:7334', 401],
      [5, '198.51.100.23', 400],
      [6, '198.51.100.24', 408],
      [10, '203.0.113.50', 303],
      [11, 'crawler.example.net', 200],
    ],
  );
  assert.equal(events[3]['@timestamp'], Date.UTC(2024, 4, 4, 10, 0, 3));
  assert.equal(events[6]['event.original'], lines[9]);
  // 8 of the 10 non-blank lines parse.
  assert.equal(accessLogFormat.sniff(lines, { file: 'mixed.log', tz: 'UTC' }), 0.8);
});

test('sniff: 0 for other logs and for no lines', () => {
  const auth = ['May  4 10:00:06 web1 sshd[4242]: Failed password for root from 203.0.113.9 port 52214 ssh2'];
  assert.equal(accessLogFormat.sniff(auth, { file: 'auth.log', tz: 'UTC' }), 0);
  assert.equal(accessLogFormat.sniff([], { file: 'empty.log', tz: 'UTC' }), 0);
});

// Property: fields generated → a combined line written by this test (Apache's escaping, optional
// vhost prefix, optionally wrapped in quotes) → parsed fields equal the generated ones.
const MONTH = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const quoteField = (s: string | undefined) => `"${s === undefined ? '-' : s.replace(/[\\"]/g, '\\$&')}"`;

function clfStamp(epochMs: number, offsetMin: number): string {
  const local = new Date(epochMs + offsetMin * 60_000);
  const abs = Math.abs(offsetMin);
  const zone = `${offsetMin < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
  return `${pad(local.getUTCDate())}/${MONTH[local.getUTCMonth()]}/${local.getUTCFullYear()}:${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ${zone}`;
}

const printable = fc.stringMatching(/^[ -~]{1,40}$/).filter((s) => s !== '-');
const generated = fc.record({
  vhost: fc.option(fc.record({ name: fc.domain(), port: fc.option(fc.integer({ min: 1, max: 65535 })) })),
  // The last arbitrary: near-IPs ('01.2.3.4', '256.0.0.1', '1::2::3') that must not become source.ip.
  client: fc.oneof(fc.ipV4(), fc.ipV6(), fc.domain(), fc.stringMatching(/^[0-9a-f.:]{1,16}$/)),
  user: fc.option(fc.stringMatching(/^[A-Za-z0-9._@]{1,12}$/), { nil: undefined }),
  epochS: fc.integer({ min: 0, max: Date.UTC(2099, 11, 31) / 1000 }),
  offsetMin: fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
  method: fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PROPFIND'),
  path: fc.webPath().map((p) => p || '/'),
  query: fc.option(fc.webQueryParameters(), { nil: undefined }),
  version: fc.constantFrom('1.0', '1.1', '2.0'),
  status: fc.integer({ min: 100, max: 599 }),
  bytes: fc.option(fc.nat(), { nil: undefined }),
  referrer: fc.option(fc.webUrl(), { nil: undefined }),
  agent: fc.option(printable, { nil: undefined }),
  wrapped: fc.boolean(),
});

test('property: generated combined lines round-trip', () => {
  fc.assert(
    fc.property(generated, (g) => {
      const url = g.query === undefined ? g.path : `${g.path}?${g.query}`;
      const prefix = g.vhost ? `${g.vhost.name}${g.vhost.port ? `:${g.vhost.port}` : ''} ` : '';
      let line = `${prefix}${g.client} - ${g.user ?? '-'} [${clfStamp(g.epochS * 1000, g.offsetMin)}] ${quoteField(`${g.method} ${url} HTTP/${g.version}`)} ${g.status} ${g.bytes ?? '-'} ${quoteField(g.referrer)} ${quoteField(g.agent)}`;
      if (g.wrapped) line = quoteField(line);
      const event = parseOne(line);
      const want = {
        ...base(line),
        '@timestamp': g.epochS * 1000,
        'url.domain': g.vhost?.name,
        'source.address': g.client,
        'source.ip': isIP(g.client) ? g.client : undefined,
        'user.name': g.user,
        'http.request.method': g.method,
        'url.original': url,
        'url.path': g.path,
        'http.version': g.version,
        'http.response.status_code': g.status,
        'http.response.body.bytes': g.bytes,
        'http.request.referrer': g.referrer,
        'user_agent.original': g.agent,
      };
      assert.deepStrictEqual(present(event), present(want));
    }),
    { numRuns: 2000 },
  );
});

test('property: any text either parses to one event or gets a reason, never throws', () => {
  const combined =
    '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';
  const pieces = fc.constantFrom(
    ' ',
    '"',
    '\\',
    '[',
    ']',
    '-',
    '10/Oct/2000:13:55:36 -0700',
    'GET / HTTP/1.1',
    '200',
    '1.2.3.4',
  );
  const text = fc.oneof(
    fc.string(),
    fc.array(pieces).map((p) => p.join('')),
  );
  fc.assert(
    fc.property(text, fc.boolean(), (line, custom) => {
      const [{ reason, events }] = parseLines([line], custom ? combined : undefined);
      assert.equal(events.length, reason === undefined && line.trim() !== '' ? 1 : 0);
    }),
    { numRuns: 2000 },
  );
});

test('real log logparser-hackers-access.log: counts and hand-checked lines', {
  skip: existsSync(HACKERS_LOG) ? false : `${HACKERS_LOG} is absent`,
}, () => {
  const lines = readFileSync(HACKERS_LOG, 'utf8').split('\n').slice(0, -1);
  const results = parseLines(lines);
  const events = results.flatMap((r) => r.events);
  // Checked with grep: `wc -l` gives 3456 lines, and this combined-format ERE matches all of them
  // (`grep -vcE` → 0): '^[^ ]+ [^ ]+ [^ ]+ \[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2}
  // [+-][0-9]{4}\] "([^"\\]|\\.)*" [0-9]{3} ([0-9]+|-) "([^"\\]|\\.)*" "([^"\\]|\\.)*"$'
  assert.equal(lines.length, 3456);
  assert.equal(events.length, 3456);
  assert.deepStrictEqual(
    results.filter((r) => r.reason !== undefined),
    [],
  );
  // awk '$9 == 403' | wc -l → 13; awk '$1 ~ /:/' | wc -l → 12; awk '$6 == "\"POST"' | wc -l → 1080
  assert.equal(events.filter((e) => e['http.response.status_code'] === 403).length, 13);
  assert.equal(events.filter((e) => isIP(e['source.ip'] ?? '') === 6).length, 12);
  assert.equal(events.filter((e) => e['http.request.method'] === 'POST').length, 1080);

  const at = (lineNo: number) => present(events[lineNo - 1]);
  const firefox35 = 'Mozilla/5.0 (Windows NT 5.1; rv:35.0) Gecko/20100101 Firefox/35.0';
  assert.deepStrictEqual(at(1), {
    ...base(lines[0]),
    '@timestamp': Date.UTC(2015, 9, 25, 3, 11, 25),
    'source.address': '195.154.46.135',
    'source.ip': '195.154.46.135',
    'http.request.method': 'GET',
    'url.original': '/linux/doing-pxe-without-dhcp-control',
    'url.path': '/linux/doing-pxe-without-dhcp-control',
    'http.version': '1.1',
    'http.response.status_code': 200,
    'http.response.body.bytes': 24323,
    'http.request.referrer': 'http://howto.basjes.nl/',
    'user_agent.original': firefox35,
  });
  assert.deepStrictEqual(at(238), {
    ...base(lines[237]),
    'log.file.line': 238,
    '@timestamp': Date.UTC(2015, 9, 25, 12, 18, 29),
    'source.address': '115.231.162.216',
    'source.ip': '115.231.162.216',
    'http.request.method': 'GET',
    'url.original':
      '/acl_users/credentials_cookie_auth/require_login?came_from=http%3A//daniel_en_sander.basjes.nl/join_form',
    'url.path': '/acl_users/credentials_cookie_auth/require_login',
    'http.version': '1.1',
    'http.response.status_code': 403,
    'http.response.body.bytes': 340,
    'http.request.referrer': 'http://daniel_en_sander.basjes.nl/',
    'user_agent.original': firefox35,
  });
  assert.deepStrictEqual(at(312), {
    ...base(lines[311]),
    'log.file.line': 312,
    '@timestamp': Date.UTC(2015, 9, 25, 16, 23, 40),
    'source.address': '192.3.190.14',
    'source.ip': '192.3.190.14',
    'http.request.method': 'GET',
    'url.original': '/join_form',
    'url.path': '/join_form',
    'http.version': '1.1',
    'http.response.status_code': 200,
    'http.response.body.bytes': 11114,
    'user_agent.original': firefox35,
  });
  assert.deepStrictEqual(at(2577), {
    ...base(lines[2576]),
    'log.file.line': 2577,
    '@timestamp': Date.UTC(2015, 9, 29, 5, 47, 36),
    'source.address': '2001:41d0:8:f69::1',
    'source.ip': '2001:41d0:8:f69::1',
    'http.request.method': 'GET',
    'url.original': '/',
    'url.path': '/',
    'http.version': '1.1',
    'http.response.status_code': 200,
    'http.response.body.bytes': 20526,
    'http.request.referrer': 'http://niels.basjes.nl/',
    'user_agent.original':
      'Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Dragon/36.1.1.21 Chrome/36.0.1985.97 Safari/537.36',
  });
  assert.deepStrictEqual(at(3456), {
    ...base(lines[3455]),
    'log.file.line': 3456,
    '@timestamp': Date.UTC(2015, 9, 30, 14, 59, 39),
    'source.address': '192.161.57.88',
    'source.ip': '192.161.57.88',
    'http.request.method': 'POST',
    'url.original': '/login_form',
    'url.path': '/login_form',
    'http.version': '1.1',
    'http.response.status_code': 200,
    'http.response.body.bytes': 18354,
    'http.request.referrer': 'http://niels.basjes.nl/login_form',
    'user_agent.original': 'Mozilla/5.0 (Windows NT 6.1; rv:32.0) Gecko/20100101 Firefox/32.0',
  });
});
