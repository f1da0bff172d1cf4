import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Logon } from '../../../src/core/logon.ts';
import {
  distanceKm,
  failingUsersNear,
  hourProbability,
  hoursOutside,
  localClock,
  smoothCircular,
  UserProfile,
  usualHours,
} from '../../../src/detect/logons/index.ts';

test('great-circle distances match hand-worked haversine values', () => {
  // A quarter of the equator: π/2 · R = 10,007.6 km with the mean radius 6,371.0088 km.
  assert.ok(Math.abs(distanceKm(0, 0, 0, 90) - 10_007.56) < 0.1);
  // Pole to pole: π · R.
  assert.ok(Math.abs(distanceKm(90, 0, -90, 0) - 20_015.1) < 0.1);
  // London (51.5074, −0.1278) → New York (40.7128, −74.0060): 5,570 km (haversine, by hand).
  assert.ok(Math.abs(distanceKm(51.5074, -0.1278, 40.7128, -74.006) - 5570.2) < 1.5);
  assert.equal(distanceKm(48.85, 2.35, 48.85, 2.35), 0);
});

test('local hours follow daylight saving: 09:00 in New York is 13:00 UTC before 1 Nov 2026, 14:00 after', () => {
  const before = localClock(Date.UTC(2026, 9, 30, 13, 0), 'America/New_York');
  const after = localClock(Date.UTC(2026, 10, 2, 14, 0), 'America/New_York');
  assert.equal(before.hour, 9);
  assert.equal(after.hour, 9);
  assert.equal(before.text, 'Fri 09:00');
  assert.equal(after.text, 'Mon 09:00');
  // London changed a week earlier (25 Oct): 09:00 local is 08:00 UTC before, 09:00 UTC after.
  assert.equal(localClock(Date.UTC(2026, 9, 23, 8, 0), 'Europe/London').hour, 9);
  assert.equal(localClock(Date.UTC(2026, 9, 26, 9, 0), 'Europe/London').hour, 9);
  // Saturday and Sunday are the weekend.
  assert.equal(localClock(Date.UTC(2026, 9, 31, 15, 0), 'America/New_York').weekend, true);
  assert.equal(localClock(Date.UTC(2026, 10, 2, 15, 0), 'America/New_York').weekend, false);
});

test('circular smoothing spreads a habit to neighbouring hours, across midnight too', () => {
  const counts = new Float64Array(24);
  counts[0] = 10;
  const s = smoothCircular(counts);
  // Gaussian kernel σ = 1 h over offsets −3..3: weights e^(−k²/2) = 1, .6065, .1353, .0111 (sum 2.5059).
  assert.ok(Math.abs(s[0] - 10 / 2.50594) < 1e-3);
  assert.ok(Math.abs(s[23] - (10 * 0.60653) / 2.50594) < 1e-3);
  assert.ok(Math.abs(s[1] - s[23]) < 1e-12);
  assert.ok(Math.abs(s[21] - (10 * 0.011109) / 2.50594) < 1e-4);
  assert.equal(s[12], 0);
  // Mass is kept.
  assert.ok(Math.abs(s.reduce((a, b) => a + b, 0) - 10) < 1e-9);
});

test('hour probabilities: a 9-to-5 habit makes 03:00 improbable, 09:00 likely, and they sum to 1', () => {
  const p = new UserProfile();
  for (let h = 9; h < 17; h++) p.weekday[h] = 20;
  const at = (h: number, weekend = false) => hourProbability(p, h, weekend);
  // 09:00 smoothed: 20 · (1 + .6065 + .1353 + .0111) / 2.5059 = 13.99 of 160.5 → 0.087.
  assert.ok(Math.abs(at(9) - 0.0872) < 5e-4);
  assert.ok(at(3) < 0.001);
  let total = 0;
  let weekendTotal = 0;
  for (let h = 0; h < 24; h++) {
    total += at(h);
    weekendTotal += at(h, true);
  }
  assert.ok(Math.abs(total - 1) < 1e-9);
  assert.ok(Math.abs(weekendTotal - 1) < 1e-9);
  // The weekend borrows the weekdays' shape while it has no logons of its own. 10:00 on weekdays:
  // 20 · (.6065 + 1 + .6065 + .1353 + .0111) / 2.5059 = 18.83 of 160 = 0.1177; at the weekend
  // (4 · 0.1177 + 0.5/24) / 4.5 against (0.5/24) / 4.5 at 03:00: 23.6 times likelier.
  assert.ok(Math.abs(at(10, true) / at(3, true) - 23.6) < 0.1);
});

test('usual hours: the shortest run around the clock holding the share asked for', () => {
  const c = new Array(24).fill(0);
  c[22] = 5;
  c[23] = 5;
  c[0] = 5;
  c[1] = 5;
  assert.deepEqual(usualHours(c, 0.9), [22, 1]);
  const day = new Array(24).fill(0);
  for (let h = 8; h <= 17; h++) day[h] = 10;
  day[3] = 1; // one odd night: outside the 95 % run
  assert.deepEqual(usualHours(day, 0.95), [8, 17]);
  assert.equal(usualHours(new Array(24).fill(0)), undefined);
});

test('hours outside a run: inside is 0; before and after measured the short way round', () => {
  assert.equal(hoursOutside(12, [8, 17]), 0);
  assert.equal(hoursOutside(17.9, [8, 17]), 0); // the run's last hour is whole
  assert.ok(Math.abs(hoursOutside(3, [8, 17]) - 5) < 1e-9); // 03:00 is 5 h before 08:00
  assert.ok(Math.abs(hoursOutside(20, [8, 17]) - 2) < 1e-9); // 20:00 is 2 h after 18:00
  assert.ok(Math.abs(hoursOutside(12, [22, 1]) - 10) < 1e-9); // a night run [22:00, 02:00)
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 23.99, noNaN: true }),
      fc.integer({ min: 0, max: 23 }),
      fc.integer({ min: 0, max: 23 }),
      (h, a, b) => {
        const out = hoursOutside(h, [a, b]);
        return out >= 0 && out <= 12;
      },
    ),
  );
});

const logon = (t: number, user: string, ip: string, outcome: 'success' | 'failure'): Logon => ({
  timestamp: t,
  eventId: outcome === 'success' ? 4624 : 4625,
  outcome,
  user,
  domain: '',
  sourceIp: ip,
  workstation: '',
  logonType: 3,
  authPackage: 'NTLM',
  file: 'x',
  line: 0,
});

test('spray: distinct users failing from one source within ±30 min, against a naive count', () => {
  const M = 60_000;
  const events = [
    logon(0, 'a', '1.1.1.1', 'failure'),
    logon(5 * M, 'b', '1.1.1.1', 'failure'),
    logon(6 * M, 'b', '1.1.1.1', 'failure'),
    logon(20 * M, 'c', '1.1.1.1', 'success'),
    logon(40 * M, 'd', '1.1.1.1', 'failure'),
    logon(45 * M, 'a', '2.2.2.2', 'failure'),
  ];
  // Hand count: at 0 → a, b (5, 6 are within 30): 2; at 20 → a, b, d (40): 3; at 40 → the window
  // [10, 70] holds d only: 1; 2.2.2.2 → a: 1.
  assert.deepEqual([...failingUsersNear(events, 30 * M)], [2, 2, 2, 3, 1, 1]);
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          t: fc.integer({ min: 0, max: 200 }),
          u: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
          ip: fc.constantFrom('1', '2', ''),
          f: fc.boolean(),
        }),
        { maxLength: 60 },
      ),
      (rows) => {
        const ls = rows.map((r) => logon(r.t * M, r.u, r.ip, r.f ? 'failure' : 'success'));
        const got = failingUsersNear(ls, 30 * M);
        return ls.every((l, i) => {
          if (!l.sourceIp) return got[i] === 0;
          const naive = new Set(
            ls
              .filter(
                (o) =>
                  o.sourceIp === l.sourceIp &&
                  o.outcome === 'failure' &&
                  Math.abs(o.timestamp - l.timestamp) <= 30 * M,
              )
              .map((o) => o.user),
          );
          return got[i] === naive.size;
        });
      },
    ),
  );
});
