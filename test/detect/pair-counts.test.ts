import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { PairCounts } from '../../src/detect/pair-counts.ts';

test('PairCounts counts as a Map of Maps would, in order of first sight, up to the limit (property)', () => {
  const op = fc.record({
    key: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 5000 })),
    value: fc.integer({ min: 0, max: 300 }),
    count: fc.integer({ min: 1, max: 3 }),
  });
  fc.assert(
    fc.property(
      fc.array(op, { minLength: 1000, maxLength: 6000 }),
      fc.integer({ min: 1, max: 50 }),
      (ops, limit) => {
        const table = new PairCounts();
        const oracle = new Map<number, Map<number, number>>();
        for (const { key, value, count } of ops) {
          table.add(key, value, count, limit);
          const m = oracle.get(key) ?? new Map<number, number>();
          oracle.set(key, m);
          if (m.has(value)) m.set(value, (m.get(value) as number) + count);
          else if (m.size < limit) m.set(value, count);
        }
        const pairs = table.pairsOf([...oracle.keys(), 999_999]);
        for (const [key, m] of oracle) assert.deepEqual(pairs.get(key), [...m]);
        assert.deepEqual(pairs.get(999_999), []);
      },
    ),
    { numRuns: 20 }, // each run grows every array past its first size
  );
});

test('PairCounts keeps counting across its pages: 100,000 pairs against a Map', () => {
  const table = new PairCounts();
  const oracle = new Map<string, number>();
  // Deterministic spread: key i % 7919, value (i * 31) % 977, counts 1..3, each pair met ~1.3 times.
  for (let i = 0; i < 130_000; i++) {
    const key = (i * 7) % 7919;
    const value = (i * 31) % 977;
    const count = (i % 3) + 1;
    table.add(key, value, count, 1_000_000);
    const k = `${key} ${value}`;
    oracle.set(k, (oracle.get(k) ?? 0) + count);
  }
  const keys = [...new Set([...oracle.keys()].map((k) => Number(k.split(' ')[0])))];
  let pairs = 0;
  for (const [key, list] of table.pairsOf(keys)) {
    for (const [value, count] of list) {
      assert.equal(count, oracle.get(`${key} ${value}`), `${key} ${value}`);
      pairs++;
    }
  }
  assert.equal(pairs, oracle.size);
  assert.ok(oracle.size > 3 * 16_384, 'more pairs than three pages hold');
});
