import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { SyslogTime, type SyslogTimeOptions } from '../../src/ingest/formats/syslog-time.ts';

/** Reads `stamps` in order; each result is the epoch ms, or -1 for a line that has no timestamp. */
function readAll(stamps: string[], opts: Partial<SyslogTimeOptions> = {}): number[] {
  const t = new SyslogTime({ file: 'auth.log', tz: 'UTC', ...opts });
  return stamps.map((s, i) => (t.read(`${s} host prog: msg`, i + 1) < 0 ? -1 : t.ms));
}

const shapes = [
  {
    name: 'classic, space-padded day',
    line: 'Jun  4 12:00:01 h',
    end: 15,
    want: Date.UTC(2024, 5, 4, 12, 0, 1),
  },
  {
    name: 'classic, two-digit day',
    line: 'Jun 14 15:16:01 h',
    end: 15,
    want: Date.UTC(2024, 5, 14, 15, 16, 1),
  },
  { name: 'classic, unpadded day', line: 'Jun 4 12:00:01 h', end: 14, want: Date.UTC(2024, 5, 4, 12, 0, 1) },
  { name: 'classic Feb 29 in a leap year', line: 'Feb 29 00:00:00 h', end: 15, want: Date.UTC(2024, 1, 29) },
  {
    name: 'RFC 3339, microseconds and +01:00',
    line: '2024-03-01T12:00:00.123456+01:00 h',
    end: 32,
    want: Date.UTC(2024, 2, 1, 11, 0, 0, 123),
  },
  { name: 'RFC 3339, Z', line: '2024-03-01T12:00:00Z h', end: 20, want: Date.UTC(2024, 2, 1, 12) },
  {
    name: 'RFC 3339, one fraction digit, -05:00',
    line: '2024-03-01T12:00:00.5-05:00 h',
    end: 27,
    want: Date.UTC(2024, 2, 1, 17, 0, 0, 500),
  },
  {
    name: 'RFC 3339, +0530 (journalctl)',
    line: '2024-03-01T12:00:00+0530 h',
    end: 24,
    want: Date.UTC(2024, 2, 1, 6, 30),
  },
  {
    name: 'RFC 3339 leap day',
    line: '2024-02-29T23:59:59.999Z h',
    end: 24,
    want: Date.UTC(2024, 1, 29, 23, 59, 59, 999),
  },
];
for (const c of shapes) {
  test(`reads ${c.name}`, () => {
    const t = new SyslogTime({ file: 'auth.log', tz: 'UTC', year: 2024 });
    assert.equal(t.read(c.line, 1), c.end);
    assert.equal(t.ms, c.want);
  });
}

const notTimestamps = [
  'Foo 12 12:00:00 h',
  'Jun 32 12:00:00 h',
  'Jun  0 12:00:00 h',
  'Jun 14 24:00:00 h',
  'Jun 14 12:60:00 h',
  'Jun 14 12:00 h',
  'jun 14 12:00:00 h',
  '2024-13-01T12:00:00Z h',
  '2023-02-29T12:00:00Z h',
  '2024-03-01X12:00:00Z h',
  '2024-03-01T12:00:00.+01:00 h',
  '2024-03-01T12:00:00+1 h',
  '192.0.2.1 - - [01/Mar/2024:12:00:00 +0000] "GET / HTTP/1.1" 200 1',
  '',
];
for (const line of notTimestamps) {
  test(`rejects ${JSON.stringify(line)}`, () => {
    const t = new SyslogTime({ file: 'auth.log', tz: 'UTC', year: 2024 });
    assert.equal(t.read(line, 1), -1);
  });
}

test('Feb 29 as the first line of a non-leap --year is not a timestamp', () => {
  assert.deepEqual(readAll(['Feb 29 00:00:00'], { year: 2023 }), [-1]);
});

const years = [
  {
    name: 'the first line takes --year over the mtime',
    opts: { year: 2019, mtimeMs: Date.UTC(2026, 0, 2) },
    stamps: ['Jun 14 15:16:01'],
    want: [Date.UTC(2019, 5, 14, 15, 16, 1)],
  },
  {
    name: 'a date before the mtime takes the mtime year',
    opts: { mtimeMs: Date.UTC(2026, 5, 1) },
    stamps: ['May 31 23:00:00'],
    want: [Date.UTC(2026, 4, 31, 23)],
  },
  {
    name: 'a date after the mtime takes the year before',
    opts: { mtimeMs: Date.UTC(2026, 5, 1) },
    stamps: ['Dec  1 00:00:00'],
    want: [Date.UTC(2025, 11, 1)],
  },
  {
    name: 'a date within one day after the mtime keeps the mtime year (slack)',
    opts: { mtimeMs: Date.UTC(2026, 0, 1, 12) },
    stamps: ['Jan  2 05:00:00'],
    want: [Date.UTC(2026, 0, 2, 5)],
  },
  {
    name: 'a date more than one day after the mtime takes the year before',
    opts: { mtimeMs: Date.UTC(2026, 0, 1, 12) },
    stamps: ['Jan  3 00:00:00'],
    want: [Date.UTC(2025, 0, 3)],
  },
  {
    name: 'Feb 29 as the first line goes back to a leap year',
    opts: { mtimeMs: Date.UTC(2026, 5, 1) },
    stamps: ['Feb 29 10:00:00'],
    want: [Date.UTC(2024, 1, 29, 10)],
  },
  {
    name: 'without mtime, now stands in for it',
    opts: { now: Date.UTC(2026, 5, 1) },
    stamps: ['May  1 00:00:00', 'Jul  1 00:00:00'],
    want: [Date.UTC(2026, 4, 1), Date.UTC(2026, 6, 1)],
  },
  {
    name: 'without mtime, a date still ahead this year is last year',
    opts: { now: Date.UTC(2026, 5, 1) },
    stamps: ['Jul  1 00:00:00'],
    want: [Date.UTC(2025, 6, 1)],
  },
  {
    name: 'Dec → Jan rolls over, and a late Dec 31 line stays in the old year',
    opts: { mtimeMs: Date.UTC(2026, 0, 1, 0, 5) },
    stamps: ['Dec 31 23:58:00', 'Dec 31 23:59:59', 'Jan  1 00:00:01', 'Dec 31 23:59:58', 'Jan  1 00:00:03'],
    want: [
      Date.UTC(2025, 11, 31, 23, 58),
      Date.UTC(2025, 11, 31, 23, 59, 59),
      Date.UTC(2026, 0, 1, 0, 0, 1),
      Date.UTC(2025, 11, 31, 23, 59, 58),
      Date.UTC(2026, 0, 1, 0, 0, 3),
    ],
  },
  {
    name: 'a gap of months (log rotated, host off) still moves forward',
    opts: { year: 2024 },
    stamps: ['Oct  1 00:00:00', 'Mar  1 00:00:00', 'Jul 30 00:00:00'],
    want: [Date.UTC(2024, 9, 1), Date.UTC(2025, 2, 1), Date.UTC(2025, 6, 30)],
  },
  {
    name: 'America/New_York: winter is UTC-5, summer UTC-4',
    opts: { year: 2024, tz: 'America/New_York' },
    stamps: ['Jan 15 08:00:00', 'Jul 15 08:00:00', 'Dec 31 23:59:59'],
    want: [Date.UTC(2024, 0, 15, 13), Date.UTC(2024, 6, 15, 12), Date.UTC(2025, 0, 1, 4, 59, 59)],
  },
  {
    name: 'Asia/Kolkata (+05:30): local midnight of Jan 1 is Dec 31 in UTC',
    opts: { year: 2025, tz: 'Asia/Kolkata' },
    stamps: ['Jan  1 00:10:00'],
    want: [Date.UTC(2024, 11, 31, 18, 40)],
  },
  {
    name: 'RFC 3339 lines carry their own zone whatever --tz says',
    opts: { tz: 'America/New_York' },
    stamps: ['2024-07-15T08:00:00Z', '2024-07-15T08:00:00.250'],
    want: [Date.UTC(2024, 6, 15, 8), Date.UTC(2024, 6, 15, 12, 0, 0, 250)],
  },
  {
    name: 'a classic line after an RFC 3339 one takes the year nearest it',
    opts: { mtimeMs: Date.UTC(2030, 0, 1) },
    stamps: ['2024-12-31T23:59:00Z', 'Jan  1 00:00:30'],
    want: [Date.UTC(2024, 11, 31, 23, 59), Date.UTC(2025, 0, 1, 0, 0, 30)],
  },
];
for (const c of years) {
  test(`year: ${c.name}`, () => assert.deepEqual(readAll(c.stamps, c.opts), c.want));
}

test('notes say which year was assumed, where it rolled over, and the zone', () => {
  const t = new SyslogTime({ file: 'auth.log', tz: 'UTC', mtimeMs: Date.UTC(2026, 0, 2, 8) });
  const lines = ['Dec 31 23:00:00 h', 'Dec 31 23:30:00 h', 'Jan  1 00:30:00 h'];
  for (const [i, l] of lines.entries()) t.read(l, i + 1);
  assert.deepEqual(t.notes(), [
    'auth.log: syslog has no year; first line taken as 2025 (file mtime 2026-01-02), rolled over to 2026 at line 3; zone UTC (--tz)',
  ]);
});

test('notes are empty when every timestamp carried its year', () => {
  const t = new SyslogTime({ file: 'auth.log', tz: 'UTC' });
  t.read('2024-03-01T12:00:00Z h', 1);
  assert.deepEqual(t.notes(), []);
});

// Oracle: format known instants as a syslog would (wall clock = UTC + fixed offset, no year),
// with Date's own UTC getters, then check the inference recovers every instant. Steps go forward
// by up to 150 days or back by up to an hour, as logs written by one host do.
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function classic(wallMs: number): string {
  const d = new Date(wallMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${MONTH_NAMES[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

const zones = [
  { tz: 'UTC', offsetMs: 0 },
  { tz: 'Asia/Kolkata', offsetMs: 5.5 * 3_600_000 }, // no DST since 1945: a fixed offset
];
for (const { tz, offsetMs } of zones) {
  test(`property: year inference recovers instants from classic timestamps (${tz})`, () => {
    const start = fc.integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2090, 0, 1) / 1000 });
    const step = fc.oneof(
      fc.integer({ min: 0, max: 150 * 86_400 }),
      fc.integer({ min: 0, max: 120 }),
      fc.integer({ min: -3600, max: 0 }),
    );
    fc.assert(
      fc.property(start, fc.array(step, { maxLength: 40 }), (s0, steps) => {
        const instants = [s0 * 1000];
        for (const s of steps) instants.push(instants[instants.length - 1] + s * 1000);
        const year = new Date(instants[0] + offsetMs).getUTCFullYear();
        const got = readAll(
          instants.map((t) => classic(t + offsetMs)),
          { tz, year },
        );
        assert.deepEqual(got, instants);
      }),
    );
  });
}

test('property: RFC 3339 timestamps read back their instant (to the millisecond)', () => {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  fc.assert(
    fc.property(
      fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2099, 11, 31) }),
      fc.integer({ min: -48, max: 56 }).map((q) => q * 15), // offsets -12:00 … +14:00 in quarter hours
      fc.integer({ min: 0, max: 6 }), // fraction digits
      fc.integer({ min: 0, max: 999 }), // sub-millisecond digits, dropped
      (ms, offMin, digits, micro) => {
        const d = new Date(ms + offMin * 60_000);
        const frac = `${p(d.getUTCMilliseconds(), 3)}${p(micro, 3)}`.slice(0, digits);
        const sign = offMin < 0 ? '-' : '+';
        const off = `${sign}${p(Math.floor(Math.abs(offMin) / 60))}:${p(Math.abs(offMin) % 60)}`;
        const stamp = `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${digits ? `.${frac}` : ''}${off}`;
        // What survives of the milliseconds: the first `digits` of them.
        const kept = digits >= 3 ? ms : ms - (ms % 10 ** (3 - digits));
        assert.deepEqual(readAll([stamp]), [kept]);
      },
    ),
  );
});
