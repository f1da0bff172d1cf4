import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

test('every error code is documented in docs/errors.md, and nothing else is', () => {
  // Read from the source: ErrorCode is a type, so the list of codes exists only as text.
  const source = readFileSync('src/core/errors.ts', 'utf8');
  const union = source.slice(
    source.indexOf('export type ErrorCode'),
    source.indexOf(';', source.indexOf('export type ErrorCode')),
  );
  const codes = [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]).sort();
  const documented = [...readFileSync('docs/errors.md', 'utf8').matchAll(/^\| `([A-Z_]+)` \|/gm)]
    .map((m) => m[1])
    .sort();
  assert.ok(codes.length >= 7);
  assert.deepEqual(documented, codes);
});
