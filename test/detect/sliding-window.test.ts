import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ReorderBuffer } from '../../src/detect/reorder-buffer.ts';
import { SlidingWindows } from '../../src/detect/sliding-window.ts';

type Ev = { key: string; ts: number; count: number; id: number };

/** The obviously-correct O(n²) oracle: for every event, total the events in (t − W, t]. */
function naivePeaks(events: Ev[], windowMs: number) {
  const byKey = new Map<string, Ev[]>();
  for (const e of events) byKey.set(e.key, [...(byKey.get(e.key) ?? []), e]);
  const out = new Map<string, { count: number; firstTs: number; lastTs: number }>();
  for (const [key, evs] of byKey) {
    const sorted = [...evs].sort((a, b) => a.ts - b.ts);
    let best = { count: 0, firstTs: 0, lastTs: 0 };
    for (const end of sorted) {
      const inWindow = sorted.filter((e) => e.ts > end.ts - windowMs && e.ts <= end.ts);
      const count = inWindow.reduce((n, e) => n + e.count, 0);
      if (count > best.count) best = { count, firstTs: inWindow[0].ts, lastTs: end.ts };
    }
    out.set(key, best);
  }
  return out;
}

/** The engine keyed by strings, as a caller maps its keys to numbers; `ref` is the event's id. */
class Keyed {
  windows: SlidingWindows;
  ids = new Map<string, number>();
  constructor(windowMs: number) {
    this.windows = new SlidingWindows(windowMs);
  }
  add(e: Ev): number {
    let k = this.ids.get(e.key);
    if (k === undefined) {
      k = this.windows.addKey();
      this.ids.set(e.key, k);
    }
    return this.windows.add(k, e.ts, e.count, e.id);
  }
  peak(key: string) {
    const k = this.ids.get(key);
    return k === undefined ? undefined : this.windows.peak(k);
  }
}

function runEngine(arrivals: Ev[], windowMs: number, latenessMs: number) {
  const engine = new Keyed(windowMs);
  const reorder = new ReorderBuffer<Ev>(latenessMs);
  for (const e of arrivals) reorder.push(e, (x) => engine.add(x));
  reorder.flush((x) => engine.add(x));
  return { engine, late: reorder.late };
}

const grid = (max: number) => fc.integer({ min: 1, max }).map((x) => x * 50);
const windowArb = fc.oneof(fc.integer({ min: 1, max: 600 }), grid(12));
const eventsArb = fc.array(
  fc.record({
    key: fc.constantFrom('a', 'b', 'c'),
    // Half the times on a 50 ms grid, with grid-sized windows: items exactly W apart are common.
    ts: fc.oneof(fc.integer({ min: 0, max: 3_000 }), grid(60)),
    count: fc.integer({ min: 1, max: 3 }),
    jitter: fc.nat(),
  }),
  { maxLength: 300 },
);

test('streaming windows equal the naive oracle on out-of-order input within the lateness bound', () => {
  fc.assert(
    fc.property(eventsArb, windowArb, fc.integer({ min: 0, max: 200 }), (raw, windowMs, lateness) => {
      const events: Ev[] = raw.map((r, id) => ({ key: r.key, ts: r.ts, count: r.count, id }));
      // Each event arrives at most `lateness` after its own time: order by ts + jitter, jitter ≤ lateness.
      const arrival = raw.map((r, i) => ({
        e: events[i],
        at: r.ts + (lateness === 0 ? 0 : r.jitter % (lateness + 1)),
      }));
      arrival.sort((x, y) => x.at - y.at || x.e.id - y.e.id);
      const { engine, late } = runEngine(
        arrival.map((a) => a.e),
        windowMs,
        lateness,
      );
      assert.equal(late, 0);
      for (const [key, want] of naivePeaks(events, windowMs)) {
        const got = engine.peak(key);
        assert.ok(got, `key ${key} has a peak`);
        assert.deepEqual({ count: got.count, firstTs: got.firstTs, lastTs: got.lastTs }, want);
      }
    }),
    { numRuns: 400 },
  );
});

test('items later than the bound are never overcounted nor lost', () => {
  fc.assert(
    fc.property(eventsArb, windowArb, (raw, windowMs) => {
      const events: Ev[] = raw.map((r, id) => ({ key: r.key, ts: r.ts, count: r.count, id }));
      // Arbitrary order: windows whose older items were already evicted may be missed (the bound
      // exists for that), but a peak never exceeds the truth and every key keeps one.
      const engine = new Keyed(windowMs);
      const shuffled = [...events].sort((a, b) => ((a.id * 7919) % 101) - ((b.id * 7919) % 101));
      for (const e of shuffled) engine.add(e);
      for (const [key, want] of naivePeaks(events, windowMs)) {
        const got = engine.peak(key)?.count ?? 0;
        assert.ok(got >= 1 && got <= want.count, `key ${key}: ${got} within 1..${want.count}`);
      }
    }),
    { numRuns: 300 },
  );
});

const fiveMin = 300_000;
const cases = [
  { name: '11 attempts spanning 4:59 share a window', gaps: [...Array(10)].fill(29_900), want: 11 },
  { name: '11 attempts spanning exactly 5:00 do not', gaps: [...Array(10)].fill(30_000), want: 10 },
  { name: '10 attempts within a second are 10', gaps: [...Array(9)].fill(100), want: 10 },
  { name: 'one attempt is a window of one', gaps: [], want: 1 },
];
for (const c of cases) {
  test(c.name, () => {
    const engine = new Keyed(fiveMin);
    let ts = 1_700_000_000_000;
    engine.add({ key: 'ip', ts, count: 1, id: 0 });
    for (const g of c.gaps) {
      ts += g;
      engine.add({ key: 'ip', ts, count: 1, id: 0 });
    }
    assert.equal(engine.peak('ip')?.count, c.want);
  });
}

test('the engine holds only the last window of items, and keeps peaks and evidence', () => {
  const engine = new Keyed(1000);
  // 3000 keys, each hit once a millisecond apart, then key k0 three times: only the last 1000 ms stay.
  for (let i = 0; i < 3000; i++) engine.add({ key: `k${i}`, ts: i, count: 1, id: i });
  assert.equal(engine.windows.held, 1000); // items at 2000..2999; the ring grew past 1024 slots
  for (const ts of [5000, 5500, 5999]) engine.add({ key: 'k0', ts, count: 2, id: ts });
  assert.equal(engine.windows.held, 3);
  assert.deepEqual(engine.peak('k0'), {
    count: 6,
    firstTs: 5000,
    firstRef: 5000,
    lastTs: 5999,
    lastRef: 5999,
  });
  assert.equal(engine.peak('k3')?.count, 1);
  assert.equal(
    engine.add({ key: 'k0', ts: 6999, count: 1, id: 1 }),
    1,
    'items exactly W apart share no window',
  );
});

test('reorder buffer releases in time order and counts what came too late', () => {
  const out: number[] = [];
  const rb = new ReorderBuffer<{ ts: number }>(10);
  for (const ts of [5, 3, 12, 20, 4, 30, 31]) rb.push({ ts }, (i) => out.push(i.ts));
  rb.flush((i) => out.push(i.ts));
  // 4 arrives after 5 was released (horizon 20 − 10 = 10 passed 5): late, released at once.
  assert.deepEqual(out, [3, 5, 4, 12, 20, 30, 31]);
  assert.equal(rb.late, 1);
});

test('reorder buffer releases a stable time sort of anything within the lateness bound (property)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ ts: fc.integer({ min: 0, max: 500 }), jitter: fc.integer({ min: 0, max: 40 }) }), {
        maxLength: 400,
      }),
      (raw) => {
        // Arrival order: by ts + jitter (each item at most 40 late), so with a bound of 40 none is late.
        const items = raw.map((r, id) => ({ ts: r.ts, id, arrives: r.ts + r.jitter }));
        const arrivals = [...items].sort((a, b) => a.arrives - b.arrives || a.id - b.id);
        const rb = new ReorderBuffer<(typeof items)[number]>(40);
        const out: number[] = [];
        for (const a of arrivals) rb.push(a, (x) => out.push(x.id));
        rb.flush((x) => out.push(x.id));
        const rank = new Map(arrivals.map((a, i) => [a.id, i]));
        const want = [...items]
          .sort((a, b) => a.ts - b.ts || (rank.get(a.id) as number) - (rank.get(b.id) as number))
          .map((x) => x.id);
        assert.deepEqual(out, want);
        assert.equal(rb.late, 0);
      },
    ),
  );
});
