import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { grouped } from '../../src/report/text.ts';

test('grouped writes counts as en-US locale formatting does (property)', () => {
  fc.assert(
    fc.property(fc.oneof(fc.nat(9999), fc.nat(), fc.maxSafeNat()), (n) => {
      assert.equal(grouped(n), n.toLocaleString('en-US'));
    }),
  );
});
