import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineScan } from '../../src/ingest/formats/line-scan.ts';

// line-scan.wat marks a pam failure (fact 2) as met by its `Failed` line (fact 4) when its pid's
// next kept line says `Failed` in the same hour, under 60 s and 256 kept lines later, and every
// kept line between has a header the scan reads and a time no earlier than the one before it.
// auth-facts.test.ts holds the parser's outcomes to the text path's; here, which lines are marked.

const PAM =
  'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9  user=root';
const FAILED = 'Failed password for root from 203.0.113.9 port 22 ssh2';
const MORE =
  'PAM 1 more authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9  user=root';

const sshd = (time: string, pid: number, message: string) => `Mar 10 ${time} web-01 sshd[${pid}]: ${message}`;

/**
 * The facts of the kept lines of `lines`, scanned as one run, by line index. The scanner has read
 * lines of 10:00:01 before, so that a line whose header it cannot read finds that time, not
 * zeros, in its record (records are reused from run to run).
 */
function facts(lines: string[]): Map<number, number> {
  const scan = new LineScan('auth-facts');
  scan.lines(Buffer.from(Array.from({ length: 8 }, () => sshd('10:00:01', 9, FAILED)).join('\n')), () => {});
  const out = new Map<number, number>();
  scan.lines(Buffer.from(lines.join('\n')), (_start, _end, index, at) => out.set(index, scan.record[at + 3]));
  return out;
}

/** The fact of the first line, a pam failure of pid 100 at 10:00:00, followed by `rest`. */
const firstFact = (...rest: string[]) => facts([sshd('10:00:00', 100, PAM), ...rest]).get(0);

test('a pam failure whose pid next logs Failed soon after is marked', () => {
  assert.equal(firstFact(sshd('10:00:02', 100, FAILED)), 4);
  assert.equal(firstFact(sshd('10:00:59', 100, FAILED)), 4);
  // Lines of other pids and programs between do not matter; nor lines no prefilter keeps.
  assert.equal(
    firstFact(
      sshd('10:00:01', 101, PAM),
      sshd('10:00:01', 102, FAILED),
      'Mar 10 10:00:01 web-01 CRON[7]: pam_unix(cron:session): session opened for user root',
      sshd('10:00:02', 100, 'Received disconnect from 203.0.113.9 port 22:11: Bye [preauth]'),
      sshd('10:00:02', 100, FAILED),
    ),
    4,
  );
  // `message repeated` of `Failed` lines is a Failed line.
  assert.equal(firstFact(sshd('10:00:05', 100, `message repeated 2 times: [ ${FAILED}]`)), 4);
});

test('a pam failure is not marked when its pid next logs anything else, or too late', () => {
  assert.equal(firstFact(sshd('10:01:00', 100, FAILED)), 2, '60 s later');
  assert.deepEqual(
    [...facts([sshd('10:59:58', 100, PAM), sshd('11:00:01', 100, FAILED)]).values()],
    [2, 1],
    'the next hour',
  );
  assert.equal(
    firstFact(sshd('10:00:01', 100, PAM), sshd('10:00:02', 100, FAILED)),
    2,
    'a second pam failure',
  );
  assert.equal(firstFact(sshd('10:00:01', 100, MORE), sshd('10:00:02', 100, FAILED)), 2, '`PAM N more`');
  assert.equal(
    firstFact(
      sshd('10:00:01', 100, 'Accepted password for root from 203.0.113.9 port 22 ssh2'),
      sshd('10:00:02', 100, FAILED),
    ),
    2,
    'a login',
  );
  assert.equal(firstFact(), 2, 'no line after it');
  const long = `Failed password for ${'x'.repeat(1 << 20)} from 203.0.113.9 port 22 ssh2`;
  assert.equal(firstFact(sshd('10:00:01', 100, long)), 2, 'a line too long to be read');
  assert.equal(
    facts([`Mar 10 10:00:00 web-01 sshd: ${PAM}`, `Mar 10 10:00:01 web-01 sshd: ${FAILED}`]).get(0),
    2,
    'no pid',
  );
});

test('nothing is marked across a line the scan cannot read the pid of, or one out of order', () => {
  // The text parser reads these lines' pids; the scan does not, so it cannot tell they are not 100's.
  for (const between of [
    `2025-03-10T10:00:01Z web-01 sshd[100]: ${PAM}`,
    `Mar 10 10:00:01 wéb-01 sshd[100]: ${FAILED}`,
    `Mar 10 10:00:01 web-01 sshd[1x]: ${FAILED}`,
  ])
    assert.equal(firstFact(between, sshd('10:00:02', 100, FAILED)), 2, between);
  // A line earlier than the one before it: a waiting failure could then sort before this one.
  assert.equal(
    firstFact(sshd('10:00:05', 101, FAILED), sshd('10:00:04', 102, FAILED), sshd('10:00:06', 100, FAILED)),
    2,
  );
  assert.equal(
    firstFact(sshd('10:00:05', 101, FAILED), sshd('10:00:05', 102, FAILED), sshd('10:00:06', 100, FAILED)),
    4,
  );
});

test('a pam failure is marked only within 256 kept lines of its Failed line', () => {
  const between = (n: number) => Array.from({ length: n }, (_, i) => sshd('10:00:01', 1000 + i, FAILED));
  assert.equal(firstFact(...between(255), sshd('10:00:02', 100, FAILED)), 4);
  assert.equal(firstFact(...between(256), sshd('10:00:02', 100, FAILED)), 2);
});

test('pids that share a slot (100 and 4196) are told apart', () => {
  const f = facts([
    sshd('10:00:00', 100, PAM),
    sshd('10:00:01', 4196, FAILED),
    sshd('10:00:02', 4196, PAM),
    sshd('10:00:03', 100, FAILED),
    sshd('10:00:04', 4196, FAILED),
  ]);
  // 4196's pam failure took the slot 100's held: 100's is left for the parser to hold.
  assert.deepEqual([...f.values()], [2, 1, 4, 1, 1]);
});

test('a pam failure is not marked by a Failed line of a later scan', () => {
  // A scan delivers at most 21,800 records: the pam failure is the first scan's 21,701st, its
  // Failed line the second's 21,711th, where a mark would land on another line's record.
  // Short lines: the run must fit the scanner's 3 MiB.
  const others = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => `Mar 10 10:00:00 h sshd[${1000 + (i % 4000)}]: Failed none for r from 1.2.3.4 port 2`,
    );
  const lines = [
    ...others(21_700),
    sshd('10:00:00', 100, PAM),
    ...others(21_809),
    sshd('10:00:01', 100, FAILED),
  ];
  const f = facts(lines);
  assert.equal(f.get(21_700), 2);
  assert.deepEqual(
    [...f].filter(([, fact]) => fact === 4),
    [],
  );
  lines.splice(21_701, 21_800);
  assert.equal(facts(lines).get(21_700), 4, 'ten lines apart, both in one scan');
});

test('a scanner given back at its file’s end is taken by the next, which reads as a new one', () => {
  const lines = (...users: string[]) =>
    Buffer.from(
      users
        .map((u) => sshd('10:00:00', 100, `Failed password for ${u} from 203.0.113.9 port 22 ssh2`))
        .join('\n'),
    );
  const userNames = (scan: LineScan, run: Buffer) => {
    const names: string[] = [];
    scan.lines(run, (_start, _end, _index, at) => names.push(scan.name(scan.record[at + 8])));
    return names;
  };
  const first = new LineScan('auth-facts');
  assert.deepEqual(userNames(first, lines('root', 'admin')), ['root', 'admin']);
  first.release();
  const next = new LineScan('auth-facts');
  assert.equal(next.names, 0, 'no user numbered yet');
  // Names the first file numbered, in another order: numbered again, from 0.
  assert.deepEqual(userNames(next, lines('admin', 'oracle', 'root')), ['admin', 'oracle', 'root']);
  assert.equal(next.names, 3);
});

test('a scanner given back twice is taken once, and is not read after', () => {
  const scan = new LineScan('auth-facts');
  scan.release();
  scan.release();
  const a = new LineScan('auth-facts');
  const b = new LineScan('auth-facts');
  // Two scanners at once have two instances: numbering a name in one leaves the other's empty.
  a.lines(Buffer.from(sshd('10:00:00', 100, FAILED)), () => {});
  assert.equal(a.names, 1);
  assert.equal(b.names, 0);
  assert.throws(() => scan.lines(Buffer.from('x'), () => {}), /after its release/);
});
