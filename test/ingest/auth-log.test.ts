import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Event } from '../../src/core/event.ts';
import { authLogFormat } from '../../src/ingest/formats/auth-log.ts';
import type { FormatContext } from '../../src/ingest/formats/format.ts';

const FIXTURES = new URL('../fixtures/auth-log/', import.meta.url);
const LOGHUB = new URL('../../../shared/data/logs/loghub-Linux_2k.log', import.meta.url);

type Run = { events: Event[]; reasons: (string | undefined)[]; beforeEnd: number; notes: string[] };

function run(lines: string[], ctx: Partial<FormatContext> = {}): Run {
  const parser = authLogFormat.createParser({ file: 'auth.log', tz: 'UTC', year: 2024, ...ctx });
  const events: Event[] = [];
  const emit = (e: Event) => events.push(e);
  const reasons = lines.map((l, i) => parser.parse(l, i + 1, emit));
  const beforeEnd = events.length;
  parser.end?.(emit);
  return { events, reasons, beforeEnd, notes: parser.notes?.() ?? [] };
}

function fixture(name: string): string[] {
  return readFileSync(new URL(name, FIXTURES), 'utf8').split('\n').slice(0, -1);
}

/** Attempts a run counts for DEFINITIONS.md: failures weighted by `event.count`. */
function attempts(events: Event[]): number {
  return events
    .filter((e) => e['event.action'] === 'ssh_login' && e['event.outcome'] === 'failure')
    .reduce((n, e) => n + (e['event.count'] ?? 1), 0);
}

/** [line, action, outcome, count] per event, in emission order: the shape of a dedup result. */
function summary(events: Event[]): [number, string | undefined, string, number][] {
  return events.map((e) => [
    e['log.file.line'],
    e['event.action'],
    e['event.outcome'] ?? '-',
    e['event.count'] ?? 1,
  ]);
}

const T = Date.UTC(2024, 2, 1, 10, 0, 0); // every single-line case is at Mar  1 10:00:00 (2024)
const H = 'Mar  1 10:00:00 web01';

/** The event a single line at T on web01 should give: the constant fields plus `fields`. */
function want(line: string, fields: Partial<Event>): Event {
  return {
    '@timestamp': T,
    'event.dataset': 'system.auth',
    'event.category': 'authentication',
    'event.original': line,
    'log.file.path': 'auth.log',
    'log.file.line': 1,
    'host.hostname': 'web01',
    'process.name': 'sshd',
    ...fields,
  } as Event;
}

const login = { 'event.action': 'ssh_login' };
const failure = { ...login, 'event.outcome': 'failure' as const };

const lines: { name: string; line: string; want: Partial<Event>[] }[] = [
  {
    name: 'Failed password (Debian/Ubuntu, RHEL)',
    line: `${H} sshd[1201]: Failed password for root from 203.0.113.9 port 40022 ssh2`,
    want: [
      {
        ...failure,
        'process.pid': 1201,
        'source.address': '203.0.113.9',
        'source.ip': '203.0.113.9',
        'source.port': 40022,
        'user.name': 'root',
        'picket.ssh.method': 'password',
      },
    ],
  },
  {
    name: 'Failed password for invalid user',
    line: `${H} sshd[1202]: Failed password for invalid user admin from 1.2.3.4 port 22 ssh2`,
    want: [
      {
        ...failure,
        'process.pid': 1202,
        'source.address': '1.2.3.4',
        'source.ip': '1.2.3.4',
        'source.port': 22,
        'user.name': 'admin',
        'picket.ssh.invalid_user': 1,
        'picket.ssh.method': 'password',
      },
    ],
  },
  {
    name: 'Failed publickey with a key fingerprint',
    line: `${H} sshd[1203]: Failed publickey for root from 198.51.100.4 port 51514 ssh2: ED25519 SHA256:Vb2dUUwPRTDeI9zDjGoUeTXPhOczsmBa6CHvVLQhXSE`,
    want: [
      {
        ...failure,
        'process.pid': 1203,
        'source.address': '198.51.100.4',
        'source.ip': '198.51.100.4',
        'source.port': 51514,
        'user.name': 'root',
        'picket.ssh.method': 'publickey',
      },
    ],
  },
  {
    name: 'Failed none for invalid user',
    line: `${H} sshd[1204]: Failed none for invalid user guest from 198.51.100.5 port 2200 ssh2`,
    want: [
      {
        ...failure,
        'process.pid': 1204,
        'source.address': '198.51.100.5',
        'source.ip': '198.51.100.5',
        'source.port': 2200,
        'user.name': 'guest',
        'picket.ssh.invalid_user': 1,
        'picket.ssh.method': 'none',
      },
    ],
  },
  {
    name: 'Failed keyboard-interactive/pam from IPv6',
    line: `${H} sshd[1205]: Failed keyboard-interactive/pam for invalid user test from 2001:db8::1 port 60001 ssh2`,
    want: [
      {
        ...failure,
        'process.pid': 1205,
        'source.address': '2001:db8::1',
        'source.ip': '2001:db8::1',
        'source.port': 60001,
        'user.name': 'test',
        'picket.ssh.invalid_user': 1,
        'picket.ssh.method': 'keyboard-interactive/pam',
      },
    ],
  },
  {
    name: 'Failed password for illegal user (OpenSSH < 3.8)',
    line: `${H} sshd[1206]: Failed password for illegal user oracle from 192.0.2.8 port 4410 ssh2`,
    want: [
      {
        ...failure,
        'process.pid': 1206,
        'source.address': '192.0.2.8',
        'source.ip': '192.0.2.8',
        'source.port': 4410,
        'user.name': 'oracle',
        'picket.ssh.invalid_user': 1,
        'picket.ssh.method': 'password',
      },
    ],
  },
  {
    name: 'a user name with spaces, and one forging " from X port N": the address is the last one',
    line: `${H} sshd[1207]: Failed password for invalid user a b from 6.6.6.6 port 1 ssh2 from 192.0.2.9 port 5000 ssh2`,
    want: [
      {
        ...failure,
        'process.pid': 1207,
        'source.address': '192.0.2.9',
        'source.ip': '192.0.2.9',
        'source.port': 5000,
        'user.name': 'a b from 6.6.6.6 port 1 ssh2',
        'picket.ssh.invalid_user': 1,
        'picket.ssh.method': 'password',
      },
    ],
  },
  {
    name: 'sshd-session (OpenSSH ≥ 9.8)',
    line: `${H} sshd-session[1208]: Failed password for root from 192.0.2.10 port 41111 ssh2`,
    want: [
      {
        ...failure,
        'process.name': 'sshd-session',
        'process.pid': 1208,
        'source.address': '192.0.2.10',
        'source.ip': '192.0.2.10',
        'source.port': 41111,
        'user.name': 'root',
        'picket.ssh.method': 'password',
      },
    ],
  },
  {
    name: 'a tag without pid',
    line: `${H} sshd: Failed password for root from 192.0.2.11 port 41112 ssh2`,
    want: [
      {
        ...failure,
        'source.address': '192.0.2.11',
        'source.ip': '192.0.2.11',
        'source.port': 41112,
        'user.name': 'root',
        'picket.ssh.method': 'password',
      },
    ],
  },
  {
    name: 'Accepted publickey',
    line: `${H} sshd[1300]: Accepted publickey for alice from 10.0.0.5 port 50000 ssh2: RSA SHA256:q3NLyPo4dRd6jsbFfEcSbrrvSb5P3dfDDD6Qgs5N2Cc`,
    want: [
      {
        ...login,
        'event.outcome': 'success',
        'process.pid': 1300,
        'source.address': '10.0.0.5',
        'source.ip': '10.0.0.5',
        'source.port': 50000,
        'user.name': 'alice',
        'picket.ssh.method': 'publickey',
      },
    ],
  },
  {
    name: 'Accepted password from IPv6',
    line: `${H} sshd[1301]: Accepted password for bob from 2001:db8:0:1::25 port 52000 ssh2`,
    want: [
      {
        ...login,
        'event.outcome': 'success',
        'process.pid': 1301,
        'source.address': '2001:db8:0:1::25',
        'source.ip': '2001:db8:0:1::25',
        'source.port': 52000,
        'user.name': 'bob',
        'picket.ssh.method': 'password',
      },
    ],
  },
  {
    name: 'Invalid user … port N: informational, no outcome',
    line: `${H} sshd[1400]: Invalid user admin from 1.2.3.4 port 22`,
    want: [
      {
        'event.action': 'ssh_invalid_user',
        'process.pid': 1400,
        'source.address': '1.2.3.4',
        'source.ip': '1.2.3.4',
        'source.port': 22,
        'user.name': 'admin',
        'picket.ssh.invalid_user': 1,
      },
    ],
  },
  {
    name: 'Invalid user without port (OpenSSH < 7.5)',
    line: `${H} sshd[1401]: Invalid user test9 from 52.80.34.196`,
    want: [
      {
        'event.action': 'ssh_invalid_user',
        'process.pid': 1401,
        'source.address': '52.80.34.196',
        'source.ip': '52.80.34.196',
        'user.name': 'test9',
        'picket.ssh.invalid_user': 1,
      },
    ],
  },
  {
    name: 'maximum authentication attempts exceeded',
    line: `${H} sshd[1500]: error: maximum authentication attempts exceeded for invalid user admin from 203.0.113.45 port 51188 ssh2 [preauth]`,
    want: [
      {
        'event.action': 'ssh_max_auth_exceeded',
        'process.pid': 1500,
        'source.address': '203.0.113.45',
        'source.ip': '203.0.113.45',
        'source.port': 51188,
        'user.name': 'admin',
        'picket.ssh.invalid_user': 1,
      },
    ],
  },
  {
    name: 'Connection closed by IP [preauth]',
    line: `${H} sshd[1600]: Connection closed by 203.0.113.46 port 40000 [preauth]`,
    want: [
      {
        'event.action': 'ssh_connection_closed',
        'process.pid': 1600,
        'source.address': '203.0.113.46',
        'source.ip': '203.0.113.46',
        'source.port': 40000,
      },
    ],
  },
  {
    name: 'Connection closed by authenticating user',
    line: `${H} sshd[1601]: Connection closed by authenticating user ubuntu 103.208.70.204 port 33977 [preauth]`,
    want: [
      {
        'event.action': 'ssh_connection_closed',
        'process.pid': 1601,
        'source.address': '103.208.70.204',
        'source.ip': '103.208.70.204',
        'source.port': 33977,
        'user.name': 'ubuntu',
      },
    ],
  },
  {
    name: 'Connection closed by invalid user whose name has a space',
    line: `${H} sshd[1603]: Connection closed by invalid user a b 192.0.2.60 port 41000 [preauth]`,
    want: [
      {
        'event.action': 'ssh_connection_closed',
        'process.pid': 1603,
        'source.address': '192.0.2.60',
        'source.ip': '192.0.2.60',
        'source.port': 41000,
        'user.name': 'a b',
        'picket.ssh.invalid_user': 1,
      },
    ],
  },
  {
    name: 'Connection closed by IP [preauth], no port (OpenSSH < 7.5)',
    line: `${H} sshd[1602]: Connection closed by 173.234.31.186 [preauth]`,
    want: [
      {
        'event.action': 'ssh_connection_closed',
        'process.pid': 1602,
        'source.address': '173.234.31.186',
        'source.ip': '173.234.31.186',
      },
    ],
  },
  {
    name: 'message repeated 3 times: [ Failed … ] counts 3',
    line: `${H} sshd[1700]: message repeated 3 times: [ Failed password for root from 198.51.100.20 port 33000 ssh2]`,
    want: [
      {
        ...failure,
        'event.count': 3,
        'process.pid': 1700,
        'source.address': '198.51.100.20',
        'source.ip': '198.51.100.20',
        'source.port': 33000,
        'user.name': 'root',
        'picket.ssh.method': 'password',
      },
    ],
  },
  {
    name: 'pam_unix failure alone: one attempt, released at the end, no port',
    line: `${H} sshd[1800]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4  user=root`,
    want: [
      {
        ...failure,
        'process.pid': 1800,
        'source.address': '1.2.3.4',
        'source.ip': '1.2.3.4',
        'user.name': 'root',
      },
    ],
  },
  {
    name: 'old sshd(pam_unix) form with a host name: source.address only',
    line: `${H} sshd(pam_unix)[20882]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=220-135-151-1.hinet-ip.hinet.net  user=root`,
    want: [
      {
        ...failure,
        'process.pid': 20882,
        'source.address': '220-135-151-1.hinet-ip.hinet.net',
        'user.name': 'root',
      },
    ],
  },
  {
    name: 'old form without user, trailing space',
    line: `${H} sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 `,
    want: [{ ...failure, 'process.pid': 19939, 'source.address': '218.188.2.4', 'source.ip': '218.188.2.4' }],
  },
  {
    name: 'PAM N more for a pid that logged no Failed line counts N',
    line: `${H} sshd[1900]: PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.7  user=root`,
    want: [
      {
        ...failure,
        'event.count': 2,
        'process.pid': 1900,
        'source.address': '192.0.2.7',
        'source.ip': '192.0.2.7',
        'user.name': 'root',
      },
    ],
  },
  {
    name: 'CRLF line ending is dropped',
    line: `${H} sshd[1901]: Failed password for root from 192.0.2.12 port 1 ssh2\r`,
    want: [
      {
        ...failure,
        'event.original': `${H} sshd[1901]: Failed password for root from 192.0.2.12 port 1 ssh2`,
        'process.pid': 1901,
        'source.address': '192.0.2.12',
        'source.ip': '192.0.2.12',
        'source.port': 1,
        'user.name': 'root',
        'picket.ssh.method': 'password',
      },
    ],
  },
  {
    name: 'RFC 3339 timestamp (rsyslog high precision, Debian 12)',
    line: '2024-03-01T11:00:00.123456+01:00 web01 sshd[2000]: Failed password for root from 192.0.2.13 port 2 ssh2',
    want: [
      {
        ...failure,
        '@timestamp': Date.UTC(2024, 2, 1, 10, 0, 0, 123),
        'process.pid': 2000,
        'source.address': '192.0.2.13',
        'source.ip': '192.0.2.13',
        'source.port': 2,
        'user.name': 'root',
        'picket.ssh.method': 'password',
      },
    ],
  },
];
for (const c of lines) {
  test(`line: ${c.name}`, () => {
    const r = run([c.line]);
    assert.deepEqual(r.reasons, [undefined]);
    assert.deepEqual(
      r.events,
      c.want.map((w) => want(c.line, w)),
    );
  });
}

test('lines of other programs and sshd lines that are no attempt: understood, nothing emitted', () => {
  const r = run(fixture('other-programs.log'));
  assert.deepEqual(r.events, []);
  assert.ok(r.reasons.every((x) => x === undefined));
});

const notSyslog = [
  '192.0.2.1 - - [01/Mar/2024:12:00:00 +0000] "GET / HTTP/1.1" 200 512',
  'hello world',
  'Mar  1 10:00:00',
  'Mar  1 10:00:00 web01',
  'Mar  1 10:00:00  sshd[1]: Failed password for root from 1.2.3.4 port 1 ssh2',
  'Mar 41 10:00:00 web01 sshd[1]: Failed password for root from 1.2.3.4 port 1 ssh2',
];
for (const line of notSyslog) {
  test(`not syslog, says why: ${JSON.stringify(line)}`, () => {
    const r = run([line]);
    assert.equal(typeof r.reasons[0], 'string');
    assert.deepEqual(r.events, []);
  });
}

test('a blank line is ignored, not a bad line', () => {
  assert.deepEqual(run(['']).reasons, [undefined]);
});

// ---- same-attempt dedup (DEFINITIONS.md, SSH table) ----

test('pam_unix failure + Failed lines of one pid (Ubuntu): only the Failed lines count', () => {
  const r = run(fixture('pam-and-failed-same-attempt.log'));
  assert.deepEqual(summary(r.events), [
    [1, 'ssh_invalid_user', '-', 1],
    [4, 'ssh_login', 'failure', 1],
    [5, 'ssh_login', 'failure', 1],
    [6, 'ssh_login', 'failure', 1],
    [7, 'ssh_connection_closed', '-', 1],
    [10, 'ssh_login', 'failure', 1],
    [11, 'ssh_login', 'success', 1],
  ]);
  assert.equal(attempts(r.events), 4);
});

test('RHEL secure: MaxAuthTries reached, PAM 5 more not counted again, IPv6 pair', () => {
  const r = run(fixture('rhel-secure.log'));
  assert.deepEqual(summary(r.events), [
    [2, 'ssh_login', 'failure', 1],
    [3, 'ssh_login', 'failure', 1],
    [4, 'ssh_login', 'failure', 1],
    [5, 'ssh_login', 'failure', 1],
    [6, 'ssh_login', 'failure', 1],
    [7, 'ssh_login', 'failure', 1],
    [8, 'ssh_max_auth_exceeded', '-', 1],
    [9, 'ssh_max_auth_exceeded', '-', 1],
    [13, 'ssh_login', 'failure', 1],
    [14, 'ssh_login', 'success', 1],
  ]);
  assert.equal(attempts(r.events), 7);
  assert.equal(r.events[8]['source.address'], '2001:db8::7');
  assert.equal(r.events[8]['user.name'], 'oracle');
});

test('message repeated: pam + Failed + repeated 3 times = 4 attempts', () => {
  const r = run(fixture('repeated-message.log'));
  assert.deepEqual(summary(r.events), [
    [2, 'ssh_login', 'failure', 1],
    [3, 'ssh_login', 'failure', 3],
    [4, 'ssh_connection_closed', '-', 1],
  ]);
  assert.equal(attempts(r.events), 4);
});

const pam = (time: string, pid: number, ip = '192.0.2.50') =>
  `Mar  1 ${time} web01 sshd[${pid}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}  user=root`;
const failed = (time: string, pid: number, ip = '192.0.2.50') =>
  `Mar  1 ${time} web01 sshd[${pid}]: Failed password for root from ${ip} port 40000 ssh2`;

const dedup = [
  {
    name: 'pam alone = 1, released at the end with its own line and time',
    lines: [pam('10:00:00', 7)],
    want: [[1, 'ssh_login', 'failure', 1]],
    attempts: 1,
  },
  {
    name: 'pam + Failed of another pid = 2',
    lines: [pam('10:00:00', 7), failed('10:00:02', 8)],
    want: [
      [2, 'ssh_login', 'failure', 1],
      [1, 'ssh_login', 'failure', 1],
    ],
    attempts: 2,
  },
  {
    name: 'interleaved pids pair by pid',
    lines: [pam('10:00:00', 7), pam('10:00:00', 8), failed('10:00:02', 8), failed('10:00:02', 7)],
    want: [
      [3, 'ssh_login', 'failure', 1],
      [4, 'ssh_login', 'failure', 1],
    ],
    attempts: 2,
  },
  {
    name: 'two pam failures of one pid without Failed = 2',
    lines: [pam('10:00:00', 7), pam('10:00:03', 7)],
    want: [
      [1, 'ssh_login', 'failure', 1],
      [2, 'ssh_login', 'failure', 1],
    ],
    attempts: 2,
  },
  {
    name: 'pam + PAM 2 more, no Failed line = 3',
    lines: [
      pam('10:00:00', 7),
      'Mar  1 10:00:09 web01 sshd[7]: PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.50  user=root',
    ],
    want: [
      [1, 'ssh_login', 'failure', 1],
      [2, 'ssh_login', 'failure', 2],
    ],
    attempts: 3,
  },
  {
    name: 'old form: authentication failure + 2 more authentication failures = 3',
    lines: [
      'Mar  1 10:00:00 combo sshd(pam_unix)[7]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=host.example.net  user=root',
      'Mar  1 10:00:09 combo sshd(pam_unix)[7]: 2 more authentication failures; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=host.example.net  user=root',
    ],
    want: [
      [1, 'ssh_login', 'failure', 1],
      [2, 'ssh_login', 'failure', 2],
    ],
    attempts: 3,
  },
  {
    name: 'a pam failure waits 60 s of log time, then is released before the next line',
    lines: [pam('10:00:00', 7), failed('10:01:01', 8), failed('10:01:02', 7)],
    want: [
      [1, 'ssh_login', 'failure', 1],
      [2, 'ssh_login', 'failure', 1],
      [3, 'ssh_login', 'failure', 1],
    ],
    attempts: 3,
  },
];
for (const c of dedup) {
  test(`dedup: ${c.name}`, () => {
    const r = run(c.lines);
    assert.deepEqual(summary(r.events), c.want);
    assert.equal(attempts(r.events), c.attempts);
  });
}

test('dedup: a released pam failure keeps its own timestamp and line', () => {
  const r = run([pam('10:00:00', 7), failed('10:01:01', 8)]);
  assert.equal(r.beforeEnd, 2); // released while parsing line 2, not held to the end
  assert.equal(r.events[0]['log.file.line'], 1);
  assert.equal(r.events[0]['@timestamp'], Date.UTC(2024, 2, 1, 10, 0, 0));
});

test('dedup: more than 10,000 waiting pids releases the oldest, never drops one', () => {
  const many = Array.from({ length: 10_050 }, (_, i) => pam('10:00:00', 100_000 + i));
  const r = run(many);
  assert.ok(r.beforeEnd > 0 && r.beforeEnd < 10_050, `released ${r.beforeEnd} before the end`);
  assert.equal(attempts(r.events), 10_050);
  assert.equal(new Set(r.events.map((e) => e['log.file.line'])).size, 10_050);
});

// ---- time ----

test('new year: Dec 31 → Jan 1 with a late Dec 31 line (year from mtime)', () => {
  const r = run(fixture('new-year-rollover.log'), {
    file: 'new-year-rollover.log',
    year: undefined,
    mtimeMs: Date.UTC(2026, 0, 1, 0, 5),
  });
  assert.deepEqual(
    r.events.map((e) => e['@timestamp']),
    [
      Date.UTC(2025, 11, 31, 23, 58, 0),
      Date.UTC(2025, 11, 31, 23, 59, 59),
      Date.UTC(2026, 0, 1, 0, 0, 1),
      Date.UTC(2025, 11, 31, 23, 59, 58),
      Date.UTC(2026, 0, 1, 0, 0, 3),
    ],
  );
  assert.deepEqual(r.notes, [
    'new-year-rollover.log: syslog has no year; first line taken as 2025 (file mtime 2026-01-01), rolled over to 2026 at line 3; zone UTC (--tz)',
  ]);
});

const zoned = [
  { tz: 'America/New_York', line: failed('08:00:00', 1), want: Date.UTC(2024, 2, 1, 13) }, // EST, UTC-5
  {
    tz: 'America/New_York',
    line: 'Jul 15 08:00:00 web01 sshd[1]: Failed password for root from 192.0.2.50 port 40000 ssh2',
    want: Date.UTC(2024, 6, 15, 12), // EDT, UTC-4
  },
  { tz: 'Europe/Berlin', line: failed('08:00:00', 1), want: Date.UTC(2024, 2, 1, 7) }, // CET, UTC+1
  { tz: 'UTC', line: failed('08:00:00', 1), want: Date.UTC(2024, 2, 1, 8) },
];
for (const c of zoned) {
  test(`--tz ${c.tz}: ${c.line.slice(0, 15)}`, () => {
    assert.deepEqual(
      run([c.line], { tz: c.tz }).events.map((e) => e['@timestamp']),
      [c.want],
    );
  });
}

// ---- sniff ----

test('sniff: syslog lines score 1, access-log lines 0, a mix its fraction', () => {
  const ctx = { file: 'x', tz: 'UTC' };
  assert.equal(authLogFormat.sniff(fixture('rhel-secure.log'), ctx), 1);
  assert.equal(authLogFormat.sniff(fixture('other-programs.log'), ctx), 1);
  const access = '192.0.2.1 - - [01/Mar/2024:12:00:00 +0000] "GET / HTTP/1.1" 200 512';
  assert.equal(authLogFormat.sniff([access, access], ctx), 0);
  assert.equal(
    authLogFormat.sniff([access, failed('10:00:00', 1), '', failed('10:00:01', 1), access], ctx),
    0.5,
  );
  assert.equal(authLogFormat.sniff([], ctx), 0);
});

// ---- a real log: loghub Linux_2k (2,000 lines of a 2005 Red Hat host, CRLF) ----

test('loghub Linux_2k: hand-counted facts', { skip: !existsSync(LOGHUB) && 'shared data absent' }, () => {
  const text = readFileSync(LOGHUB, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const r = run(lines, { file: 'loghub-Linux_2k.log', year: 2005 });
  const fails = r.events.filter((e) => e['event.outcome'] === 'failure');
  // awk 'END{print NR}' loghub-Linux_2k.log  → 2000; every one starts with a classic timestamp:
  // grep -vc '^[A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]\{8\} ' → 0
  assert.equal(lines.length, 2000);
  assert.equal(r.reasons.filter((x) => x !== undefined).length, 0);
  // No `Failed` lines in this log, so every pam failure is an attempt:
  // grep -c 'sshd(pam_unix)\[[0-9]*\]: authentication failure;' loghub-Linux_2k.log → 489
  assert.equal(attempts(r.events), 489);
  assert.equal(r.events.length, 489);
  // … | grep -o 'rhost=[^ ]*' | tr -d '\r' | sort -u | wc -l → 47
  assert.equal(new Set(fails.map((e) => e['source.address'])).size, 47);
  // … | sed 's/rhost=//' | grep -vcE '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$' → 189 attempts from host names
  assert.equal(fails.filter((e) => e['source.ip'] === undefined).length, 189);
  // … | grep -o 'rhost=[^ ]*' | sort | uniq -c | sort -rn | head -1 → 80 rhost=150.183.249.110
  assert.equal(fails.filter((e) => e['source.address'] === '150.183.249.110').length, 80);
  // … | grep -o ' user=[^ ]*' | tr -d '\r' | sort | uniq -c → 351 root, 17 guest, 4 test
  const users = new Map<string, number>();
  for (const e of fails) if (e['user.name']) users.set(e['user.name'], (users.get(e['user.name']) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(users), { root: 351, guest: 17, test: 4 });
  // grep -n … | head -1 → line 1, Jun 14 15:16:01; tail -1 → line 1901, Jul 26 07:04:12
  const byLine = [...fails].sort((a, b) => a['log.file.line'] - b['log.file.line']);
  assert.equal(byLine[0]['log.file.line'], 1);
  assert.equal(byLine[0]['@timestamp'], Date.UTC(2005, 5, 14, 15, 16, 1));
  assert.equal(byLine.at(-1)?.['log.file.line'], 1901);
  assert.equal(byLine.at(-1)?.['@timestamp'], Date.UTC(2005, 6, 26, 7, 4, 12));
});

test("interest 'lines': every line is an event — other programs' lines and sshd's notices with their host, program, pid and message", () => {
  // other-programs.log, read by hand: lines 1–9 are CRON, sudo, su, systemd-logind, systemd and the
  // kernel; 16 is `sshdfoo`, 17 `syslogd 1.4.1:`, 18 a `-- root[2421]:` tag — 12 lines of other
  // programs. Lines 10–15 are sshd's messages that are no login nor a notice interest 'all' reads
  // (`Server listening`, `Received disconnect`, …): syslog events too. 18 lines, 18 events.
  const all = run(fixture('other-programs.log'));
  const lines = run(fixture('other-programs.log'), { interest: 'lines' });
  const others = lines.events.filter((e) => e['event.action'] === 'syslog');
  assert.deepEqual(
    others.map((e) => e['log.file.line']),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18],
  );
  assert.deepEqual(
    lines.events.filter((e) => e['event.action'] !== 'syslog'),
    all.events,
  );
  assert.deepEqual(
    [others[0]['host.hostname'], others[0]['process.name'], others[0]['process.pid'], others[0].message],
    ['web01', 'CRON', 3310, 'pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)'],
  );
  assert.deepEqual(
    [others[2]['process.name'], others[2]['process.pid'], others[2].message],
    ['sudo', undefined, 'alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt update'],
  );
  assert.deepEqual(
    [others[9]['process.name'], others[9]['process.pid'], others[9].message],
    ['sshd', 801, 'Server listening on 0.0.0.0 port 22.'],
  );
  assert.equal(others[15]['process.name'], 'sshdfoo');
  assert.equal(others[15]['process.pid'], 3700);
  assert.deepEqual(lines.reasons, all.reasons);
});

test("interest 'lines': sshd's lines are each one event, or part of the attempt their pam failure joins", () => {
  const lines = [
    'Mar  1 10:00:00 h sshd[10]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.1  user=root',
    'Mar  1 10:00:02 h sshd[10]: Failed password for root from 192.0.2.1 port 5000 ssh2',
    'Mar  1 10:00:03 h sshd[20]: error: kex_exchange_identification: Connection closed by remote host',
    'Mar  1 10:00:04 h sshd[11]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.2',
    'Mar  1 10:00:05 h sshd[12]: Accepted password for bob from 192.0.2.3 port 5001 ssh2',
  ];
  // By hand (docs/DEFINITIONS.md): line 1's pam failure and line 2's Failed line are one attempt,
  // cited at line 2; line 3 is a notice; line 4's pam failure never meets a Failed line and is an
  // attempt of its own at the end of the file; line 5 a success.
  const r = run(lines, { interest: 'lines' });
  const byLine = r.events
    .map((e) => `${e['log.file.line']} ${e['event.action']} ${e['event.outcome'] ?? ''}`.trim())
    .sort();
  assert.deepEqual(byLine, ['2 ssh_login failure', '3 syslog', '4 ssh_login failure', '5 ssh_login success']);
});
