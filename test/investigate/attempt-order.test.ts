import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ReorderBuffer } from '../../src/detect/index.ts';
import { AttemptOrder } from '../../src/investigate/brute-force/attempt-order.ts';

// AttemptOrder is ReorderBuffer's rule over columns: the same attempts out, in the same order, with
// the same late count, however batches are taken. ReorderBuffer is held to a stable sort elsewhere.

type Item = {
  ts: number;
  line: number;
  count: number;
  flags: number;
  file: string;
  ipv4: number;
  other?: string;
  user: number;
};

test('AttemptOrder releases what ReorderBuffer releases, in order, batches taken anywhere (property)', () => {
  const item = fc.record({
    jitter: fc.integer({ min: -90, max: 5 }),
    count: fc.integer({ min: 1, max: 3 }),
    flags: fc.constantFrom(0, 1, 2, 3),
    file: fc.constantFrom('a.log', 'b.log'),
    ipv4: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    other: fc.option(fc.constantFrom('2001:db8::1', 'host.example'), { freq: 5 }),
    user: fc.integer({ min: -1, max: 5 }),
    take: fc.boolean(),
  });
  fc.assert(
    fc.property(fc.array(item, { maxLength: 300 }), fc.constantFrom(0, 10, 60), (raw, lateness) => {
      const reference = new ReorderBuffer<Item>(lateness * 1000);
      const expected: Item[] = [];
      const order = new AttemptOrder(lateness * 1000);
      const got: Item[] = [];
      const take = () => {
        const c = order.take([]);
        if (!c) return;
        for (let i = 0; i < c.ts.length; i++) {
          const flags = c.flags[i];
          got.push({
            ts: c.ts[i],
            line: c.line[i],
            count: c.count[i],
            flags: flags & 3,
            file: c.files[c.file[i]],
            ipv4: flags & 4 ? 0 : c.address[i],
            ...(flags & 4 ? { other: c.others[c.address[i]] } : {}),
            user: c.user[i],
          });
        }
      };
      let t = 1_000_000;
      raw.forEach((r, line) => {
        t += 1000; // seconds apart, jitter in seconds: many equal times
        const a: Item = {
          ts: t + r.jitter * 1000,
          line: line + 1,
          count: r.count,
          flags: r.flags,
          file: r.file,
          ipv4: r.other === null ? r.ipv4 : 0,
          ...(r.other === null ? {} : { other: r.other }),
          user: r.user,
        };
        reference.push(a, (x) => expected.push(x));
        order.push(a.ts, a.line, a.count, a.flags, a.file, a.ipv4, a.other, a.user);
        if (r.take) take();
      });
      reference.flush((x) => expected.push(x));
      order.flush();
      take();
      assert.deepEqual(got, expected);
      assert.equal(order.late, reference.late);
    }),
    { numRuns: 300 },
  );
});

test('AttemptOrder keeps order past its compaction of released rows (10,000 attempts)', () => {
  const reference = new ReorderBuffer<{ ts: number; line: number }>(60_000);
  const expected: number[] = [];
  const order = new AttemptOrder(60_000);
  const got: number[] = [];
  for (let line = 1; line <= 10_000; line++) {
    const ts = line * 1000 - (line % 13 === 0 ? 50_000 : 0) + (line % 7) * 300;
    reference.push({ ts, line }, (x) => expected.push(x.line));
    order.push(ts, line, 1, 1, 'a.log', line, undefined, -1);
    if (line % 997 === 0) got.push(...(order.take([])?.line ?? []));
  }
  reference.flush((x) => expected.push(x.line));
  order.flush();
  got.push(...(order.take([])?.line ?? []));
  assert.deepEqual(got, expected);
});
