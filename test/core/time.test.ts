import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { zuluTime } from '../../src/core/time.ts';

test('zuluTime reads what Date.parse reads, and declines what it does not (property)', () => {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const field = (max: number, w: number) =>
    fc.oneof(
      { arbitrary: fc.integer({ min: 0, max }).map((n) => pad(n, w)), weight: 20 },
      { arbitrary: fc.constantFrom('', 'x', '1', '0a', '123'), weight: 1 },
    );
  const text = fc
    .tuple(
      field(9999, 4),
      field(14, 2),
      field(33, 2),
      field(25, 2),
      field(61, 2),
      field(61, 2),
      fc.oneof(fc.constant(''), fc.stringMatching(/^\.[0-9]{0,10}$/), fc.constantFrom('.5x', ',5')),
      fc.constantFrom('Z', 'Z', 'Z', 'Z', 'z', '', '+02:00', 'ZZ'),
      fc.constantFrom('-', '-', '-', '/'),
      fc.constantFrom('T', 'T', 'T', ' ', 't'),
    )
    .map(
      ([y, mo, d, h, mi, s, frac, zone, dash, t]) => `${y}${dash}${mo}-${d}${t}${h}:${mi}:${s}${frac}${zone}`,
    );
  let read = 0;
  fc.assert(
    fc.property(fc.oneof(text, fc.string({ maxLength: 30 })), (s) => {
      const t = zuluTime(s);
      // Declining is always safe (the caller reads the text the long way); a value must be Date.parse's.
      if (t === undefined) return;
      assert.equal(t, Date.parse(s), s);
      read++;
    }),
    { numRuns: 20_000 },
  );
  assert.ok(read > 300, `only ${read} texts read`); // the reading path is exercised
});

test('zuluTime: the usual forms, read; the others declined', () => {
  const at = Date.UTC(2024, 4, 1, 10, 0, 0);
  assert.equal(zuluTime('2024-05-01T10:00:00Z'), at);
  assert.equal(zuluTime('2024-05-01T10:00:00.5Z'), at + 500);
  assert.equal(zuluTime('2024-05-01T10:00:00.816327Z'), at + 816); // Windows' SystemTime: µs dropped
  assert.equal(zuluTime('2024-05-01T10:00:00.123456789Z'), at + 123);
  // Not this form, or not plainly a time: left to the caller.
  for (const s of [
    '2024-05-01T10:00:00',
    '2024-05-01T10:00:00+00:00',
    '2024-05-01 10:00:00Z',
    '0099-05-01T10:00:00Z',
    '2024-05-01T24:00:00Z',
    '2024-05-01T10:00:60Z',
    '2024-05-01T10:00:00.Z',
  ])
    assert.equal(zuluTime(s), undefined, s);
});
