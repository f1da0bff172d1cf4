import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { KeyNumbers } from '../../src/detect/key-numbers.ts';

test('KeyNumbers finds what a Map would, for addresses, near misses and names (property)', () => {
  const octet = fc.oneof(fc.integer({ min: 0, max: 255 }).map(String), fc.constantFrom('01', '256'));
  const key = fc.oneof(
    fc.tuple(octet, octet, octet, octet).map((o) => o.join('.')),
    fc.constantFrom('2001:db8::1', 'host.example.net', '10.0.0'),
  );
  fc.assert(
    fc.property(fc.array(key, { minLength: 5_000, maxLength: 20_000 }), (keys) => {
      const table = new KeyNumbers();
      const oracle = new Map<string, number>();
      for (const k of keys) {
        assert.equal(table.get(k), oracle.get(k) ?? -1, k);
        if (!oracle.has(k)) {
          oracle.set(k, oracle.size);
          table.set(k, oracle.size - 1);
        }
      }
      for (const [k, n] of oracle) assert.equal(table.get(k), n, k);
    }),
    { numRuns: 10 }, // each run grows the table past 4096 slots
  );
});
