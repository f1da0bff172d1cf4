import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Event } from '../../src/core/event.ts';
import { ipv4Number } from '../../src/core/ip.ts';
import { LineScan } from '../../src/ingest/formats/line-scan.ts';
import { FORMATS, type FormatContext, type LoginSink, parseFile } from '../../src/ingest/index.ts';
import { agreeOnRandomRuns, frame, mostly, readIfPresent, repeatedFile, sameVerdicts } from './both-paths.ts';

// With a login sink, the auth parser reads most lines from their facts (line-scan.wat) instead of
// their text. The text parser is the reference: both must give the same login outcomes, in the
// same order, and the same verdicts, whatever mix of lines the two read. Runs are handed over the
// way the framer does once the format is known (the first lines of a file, read to sniff it, are
// parsed as text), and, for the run summary, through parseFile on a file big enough to get there.

type Outcome = string;

const ctx = (logins?: LoginSink): FormatContext => ({
  file: 'x',
  tz: 'UTC',
  year: 2025,
  interest: 'logins',
  logins,
});
const auth = FORMATS.find((f) => f.name === 'auth') as (typeof FORMATS)[number];

function outcome(success: boolean, ts: number, line: number, count: number, address?: string, user?: string) {
  return `${line} ${new Date(ts).toISOString()} ${success ? 'success' : 'failure'} ×${count} ${address ?? '-'} ${user ?? '-'}`;
}

const eventOutcome = (e: Event) =>
  outcome(
    e['event.outcome'] === 'success',
    e['@timestamp'],
    e['log.file.line'],
    e['event.count'] ?? 1,
    e['source.address'],
    e['user.name'],
  );

/** A sink that writes outcomes as `outcome` does, checking the numbers it is given. */
function collecting(out: Outcome[]): LoginSink & { names: string[] } {
  const names: string[] = [];
  return {
    names,
    login(action, success, ts, line, count, ipv4, address, user) {
      assert.equal(action, 'ssh_login');
      let text = address;
      if (ipv4 >= 0) {
        text = `${ipv4 >>> 24}.${(ipv4 >>> 16) & 255}.${(ipv4 >>> 8) & 255}.${ipv4 & 255}`;
        assert.equal(ipv4Number(text), ipv4);
        assert.equal(address, undefined);
      }
      out.push(outcome(success, ts, line, count, text, user < 0 ? undefined : names[user]));
    },
    user(name) {
      assert.ok(!names.includes(name), `${name} numbered twice`);
      names.push(name);
    },
    request: () => assert.fail('a web request from the auth parser'),
  };
}

/** How many lines of a run line-scan.wat reads as pam failures met by their `Failed` line (fact 4). */
function pairedPamFailures(lines: string[]): number {
  const scan = new LineScan('auth-facts');
  let n = 0;
  scan.lines(Buffer.from(lines.join('\n')), (_start, _end, _index, at) => {
    if (at >= 0 && scan.record[at + 3] === 4) n++;
  });
  return n;
}

/** The text path (prefilter, then the text parser) and the facts path over the same lines. */
function bothWays(lines: string[]) {
  const events: Outcome[] = [];
  const text = frame(auth.createParser(ctx()), lines, (e) => events.push(eventOutcome(e)));
  const facts: Outcome[] = [];
  const parser = auth.createParser(ctx(collecting(facts)));
  const viaFacts = frame(parser, lines, (e) => assert.fail(`an event reached emit: ${JSON.stringify(e)}`));
  sameVerdicts(text, viaFacts, lines);
  return { events, facts, read: viaFacts.read };
}

const header = fc.record({
  month: mostly('Mar', 'Feb', 'Mzr'),
  day: mostly('10', ' 1', '29', '32', '0x', ' x'),
  host: mostly('web-01', 'h', ''),
  tag: mostly('sshd[$]', 'sshd-session[$]', 'sshd(pam_unix)[$]', 'sshd', 'sshd[]', 'sshd[1x]'),
  // 4196 shares 100's slot in line-scan.wat's table of pam failures waiting for their `Failed` line.
  pid: fc.constantFrom(100, 101, 102, 4196, 1234567890),
});
const address = mostly(
  '203.0.113.9',
  '198.51.100.24',
  '255.255.255.255',
  '0.0.0.0',
  '2001:db8::1',
  '203.0.113.09',
  '203.0.113',
  '256.1.1.1',
  'host.example',
  '',
);
const user = fc.oneof(
  { arbitrary: fc.constantFrom('root', 'admin', 'oracle'), weight: 8 },
  fc.constantFrom('a b', 'from', 'x from 1.2.3.4 port 5', '', 'ünï', 'invalid user'),
);
const failed = fc
  .record({
    method: mostly('password', 'publickey', 'none', ''),
    invalid: mostly('', 'invalid user ', 'illegal user '),
    user,
    address,
    port: mostly('22', '61317', '', 'x'),
    tail: mostly(' ssh2', '', ' ssh1', ' ssh3', ': RSA SHA256:x', ' ssh2 ', 'ssh2'),
  })
  .map((f) => `Failed ${f.method} for ${f.invalid}${f.user} from ${f.address} port ${f.port}${f.tail}`);
const rhost = fc
  .record({
    address,
    user: mostly('  user=root', ' user=admin', '', '  user=', ' xuser=root', '\tuser=a'),
    lead: mostly(' rhost=', ' xrhost=', ' rhost= rhost='),
  })
  .map((r) => `logname= uid=0 euid=0 tty=ssh ruser=${r.lead}${r.address}${r.user}`);
const pam = fc
  .tuple(mostly('pam_unix(sshd:auth): ', '', 'pam_unix(sshd:session): '), rhost)
  .map(([prefix, r]) => `${prefix}authentication failure; ${r}`);
const more = fc
  .tuple(
    mostly('PAM ', 'pam_unix(sshd:auth): ', ''),
    mostly('1', '2', '5', '0', '1234567', 'x'),
    mostly('failures;', 'failure;', 'failures'),
    rhost,
  )
  .map(([prefix, count, word, r]) => `${prefix}${count} more authentication ${word} ${r}`);
const repeated = fc
  .tuple(
    mostly('2', '3', '0', '1234567'),
    fc.oneof(failed, pam),
    mostly(' ', '', '  '),
    mostly('', ' ', '\t'),
  )
  .map(([count, inner, lead, trail]) => `message repeated ${count} times: [${lead}${inner}${trail}]`);
const accepted = fc
  .record({
    method: mostly('publickey', 'password', ''),
    user,
    address,
    port: mostly('4618', '', 'x'),
    tail: mostly(
      ' ssh2: ED25519 SHA256:x',
      '',
      ' ssh2',
      ': RSA x',
      ' ssh3',
      ' ssh2 ',
      ' ssh2:',
      'x',
      ': a\rb',
    ),
  })
  .map((a) => `Accepted ${a.method} for ${a.user} from ${a.address} port ${a.port}${a.tail}`);
const other = fc.constantFrom(
  'Invalid user admin from 203.0.113.9 port 22',
  'Connection closed by 203.0.113.9 port 22 [preauth]',
  'pam_unix(sshd:auth): check pass; user unknown',
);
const message = fc.oneof(
  { arbitrary: failed, weight: 4 },
  { arbitrary: pam, weight: 3 },
  { arbitrary: more, weight: 2 },
  { arbitrary: repeated, weight: 2 },
  { arbitrary: accepted, weight: 2 },
  { arbitrary: other, weight: 1 },
);
const line = fc.record({
  header,
  // Seconds since the previous line: pairing waits 60 s and sweeps once a second; now and then
  // a line is out of order.
  gap: fc.constantFrom(0, 0, 1, 2, 59, 61, 700, 4000, -1, -70),
  message,
  crlf: mostly(false, true),
  program: mostly(false, true),
});

test('the facts path gives the text path’s login outcomes and verdicts (property)', () => {
  agreeOnRandomRuns(
    line,
    (run) => {
      let t = Date.UTC(2025, 2, 1, 23, 58, 0);
      return run.map((l) => {
        t += l.gap * 1000;
        const d = new Date(t);
        const day = l.header.day === '10' ? String(d.getUTCDate()).padStart(2, ' ') : l.header.day;
        const time = d.toISOString().slice(11, 19);
        const tag = l.program ? 'CRON[5]' : l.header.tag.replace('$', String(l.header.pid));
        const s = `${l.header.month} ${day} ${time} ${l.header.host} ${tag}: ${l.message}`;
        return l.crlf ? `${s}\r` : s;
      });
    },
    bothWays,
    2000,
  );
});

test('pam failures met by their Failed line in WebAssembly give the text path’s outcomes (property)', () => {
  // line-scan.wat marks a pam failure whose pid's next kept line is `Failed` soon after (fact 4),
  // and the parser then holds nothing for it. Runs here are dense in such pairs and in what must
  // stop one: a second pam failure or `PAM N more` of the pid, a line out of order, a new hour,
  // 60 s, a line whose pid the scan cannot read, a pid sharing the slot (100 and 4196).
  const from = fc.constantFrom('203.0.113.9', '198.51.100.24', '2001:db8::1');
  const message = fc.oneof(
    {
      arbitrary: from.map((a) => `pam_unix(sshd:auth): authentication failure; rhost=${a}  user=root`),
      weight: 8,
    },
    { arbitrary: from.map((a) => `Failed password for root from ${a} port 22 ssh2`), weight: 8 },
    { arbitrary: fc.oneof(pam, failed, more, accepted, other), weight: 3 },
  );
  const pairLine = fc.record({
    pid: fc.constantFrom(100, 101, 4196),
    gap: mostly(1, 0, 2, 30, 59, 61, -1, -5),
    message,
    header: mostly('classic', 'rfc3339', 'cron'),
  });
  let marked = 0;
  agreeOnRandomRuns(
    pairLine,
    (run) => {
      let t = Date.UTC(2025, 2, 10, 10, 58, 30);
      const lines = run.map((l) => {
        t += l.gap * 1000;
        const iso = new Date(t).toISOString();
        const tag = l.header === 'cron' ? 'CRON[5]' : `sshd[${l.pid}]`;
        const time = l.header === 'rfc3339' ? iso : `Mar 10 ${iso.slice(11, 19)}`;
        return `${time} web-01 ${tag}: ${l.message}`;
      });
      marked += pairedPamFailures(lines);
      return lines;
    },
    bothWays,
    5000,
  );
  assert.ok(marked > 500, `only ${marked} pam failures met by their Failed line`);
});

test('a pam failure met by its Failed line still releases the one of its pid waiting before it', () => {
  // The first waits (its pid's next line is no Failed line); the second, met by its Failed line,
  // releases it as an attempt of its own, as when it is held.
  const line = (time: string, message: string) => `Mar 10 10:00:${time} web-01 sshd[100]: ${message}`;
  const pam = 'pam_unix(sshd:auth): authentication failure; rhost=203.0.113.9  user=root';
  const lines = [
    line('00', pam),
    line('01', pam),
    line('02', 'Failed password for root from 203.0.113.9 port 22 ssh2'),
  ];
  assert.equal(pairedPamFailures(lines), 1);
  const { events, facts } = bothWays(lines);
  assert.deepEqual(facts, events);
  assert.equal(events.length, 2);
});

test('a pam failure met by its Failed line is held as before when the waiting ones near their bound', () => {
  // 10,000 pam failures may wait; the 10,001st pushes out the oldest. Held, the one met by its
  // Failed line would be that one: with 9,999 waiting and one more before its Failed line, the
  // oldest leaves then, not at the end.
  const pam = (pid: number) =>
    `Mar 10 10:00:00 web-01 sshd[${pid}]: pam_unix(sshd:auth): authentication failure; rhost=203.0.113.9  user=root`;
  const lines = Array.from({ length: 9_999 }, (_, i) => pam(20_000 + i));
  lines.push(
    pam(100),
    pam(30_000),
    'Mar 10 10:00:01 web-01 sshd[100]: Failed password for root from 203.0.113.9 port 22 ssh2',
  );
  assert.equal(pairedPamFailures(lines), 1);
  const { events, facts } = bothWays(lines);
  assert.deepEqual(facts, events);
  assert.match(events[0], /^1 .* failure/, 'the oldest pushed out first');
});

const realLogs = [
  'test/fixtures/auth-log/pam-and-failed-same-attempt.log',
  'test/fixtures/auth-log/repeated-message.log',
  'test/fixtures/auth-log/new-year-rollover.log',
  'test/fixtures/auth-log/rhel-secure.log',
  '../shared/data/logs/loghub-Linux_2k.log',
];
for (const file of realLogs) {
  const text = readIfPresent(file);
  test(`the facts path gives the text path’s login outcomes: ${file}`, {
    skip: text === undefined && `${file} is absent`,
  }, () => {
    const { events, facts, read } = bothWays((text as string).split('\n'));
    assert.deepEqual(facts, events);
    assert.ok(read > 0 || events.length === 0);
  });
}

test('parseFile with a login sink gives the run summary of events, past the lines read to sniff', async () => {
  // Over a chunk (1 MiB) of lines, so most are read from their facts.
  const path = repeatedFile('test/fixtures/auth-log/pam-and-failed-same-attempt.log', 'auth.log', 600);
  const opts = { tz: 'UTC', year: 2025, interest: 'logins' as const };
  const events: Outcome[] = [];
  const viaEvents = await parseFile({ path }, opts, (e) => events.push(eventOutcome(e)));
  const facts: Outcome[] = [];
  const viaFacts = await parseFile({ path }, { ...opts, logins: collecting(facts) }, (e) =>
    assert.fail(`an event reached onEvent: ${JSON.stringify(e)}`),
  );
  assert.deepEqual(facts, events);
  assert.deepEqual(viaFacts, viaEvents);
  assert.ok(events.length > 1000);
});

test('the facts path gives the text path’s outcomes with any one byte of a usual line changed', () => {
  // Every check the facts path makes (literals, digits, separators) meets a line that differs there.
  const usual = [
    'Mar 10 06:25:14 web-01 sshd[3152102]: Failed password for invalid user steam from 141.16.125.71 port 61317 ssh2',
    'Mar 10 06:25:15 web-01 sshd[3152102]: Failed password for root from 2001:db8::1 port 5641',
    'Mar 10 06:25:13 web-01 sshd[3152152]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=200.141.221.214  user=root',
    'Mar 10 06:25:24 web-01 sshd[3152167]: PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=132.18.22.39  user=root',
    'Mar  1 06:26:27 web-01 sshd-session[3152723]: message repeated 2 times: [ Failed password for root from 163.223.159.18 port 8462 ssh2]',
    'Mar 10 06:25:12 web-01 sshd(pam_unix)[3152102]: 1 more authentication failure; rhost=141.16.125.71',
    'Mar 10 06:41:02 web-01 sshd[3160283]: Accepted publickey for deploy from 203.0.113.77 port 26900 ssh2: ED25519 SHA256:Xq8',
    // The user is what lies before the last ` from ` the rest fits: `a from 1.2.3.4 port 5: x`.
    'Mar 10 06:41:02 web-01 sshd[3160283]: Accepted password for a from 1.2.3.4 port 5: x from 2001:db8::1 port 22',
    // The text parser's RHOST searches the whole line: a host holding `rhost=` is what it finds.
    'Mar 10 06:25:13 rhost=10.0.0.1 sshd[3152152]: pam_unix(sshd:auth): authentication failure; rhost=200.141.221.214',
  ];
  const lines: string[] = [];
  for (const line of usual)
    for (let i = 0; i < line.length; i++)
      for (const b of [' ', 'x', '=', '9', ':', '[']) {
        if (line[i] === b) continue;
        lines.push(line, `${line.slice(0, i)}${b}${line.slice(i + 1)}`);
      }
  const { events, facts, read } = bothWays(lines);
  assert.deepEqual(facts, events);
  assert.ok(read > lines.length / 2);
});
