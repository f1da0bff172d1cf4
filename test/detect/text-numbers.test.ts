import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { INLINE, TextNumbers } from '../../src/detect/text-numbers.ts';

// Texts of every length around the slot's room, over a small alphabet (so that texts meet again,
// and differ in one character or in length only), with characters past Latin-1 and lone surrogates.
const text = fc
  .array(fc.constantFrom('a', 'b', '.', '1', 'é', '日', '\ud800'), { maxLength: INLINE + 3 })
  .map((cs) => cs.join(''));

type Op = { kind: 'get' | 'set' | 'delete'; text: string };
const op: fc.Arbitrary<Op> = fc.record({ kind: fc.constantFrom('get', 'set', 'set', 'delete'), text });

test('TextNumbers answers as a Map would, through sets, deletes and growth (property)', () => {
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 4_000, size: 'max' }), (ops) => {
      const table = new TextNumbers();
      const oracle = new Map<string, number>();
      let next = 0;
      for (const { kind, text } of ops) {
        const has = oracle.has(text);
        if (kind === 'set' && !has) {
          oracle.set(text, next);
          table.set(text, next++);
        } else if (kind === 'delete' && has) {
          oracle.delete(text);
          table.delete(text);
        }
        assert.equal(table.get(text), oracle.get(text) ?? -1, JSON.stringify(text));
        assert.equal(table.size, oracle.size);
      }
      for (const [t, n] of oracle) assert.equal(table.get(t), n, JSON.stringify(t));
    }),
    { numRuns: 200 },
  );
});

test('TextNumbers: many keys come and go; those left are all found (backward-shift deletion)', () => {
  const table = new TextNumbers();
  const oracle = new Map<string, number>();
  // Host names as group keys are: 20,000 live, each deleted after 5,000 more arrive.
  for (let i = 0; i < 100_000; i++) {
    const key = `host-${i}.example.org`;
    table.set(key, i);
    oracle.set(key, i);
    if (i >= 20_000) {
      const gone = `host-${i - 20_000}.example.org`;
      table.delete(gone);
      oracle.delete(gone);
    }
  }
  assert.equal(table.size, 20_000);
  for (let i = 0; i < 100_000; i++) {
    const key = `host-${i}.example.org`;
    assert.equal(table.get(key), oracle.get(key) ?? -1, key);
  }
});
