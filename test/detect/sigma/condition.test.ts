// The condition grammar, from the Sigma rules specification ("Condition"): `and`, `or`, `not`,
// brackets, `1 of` / `all of` with `them` and wildcard patterns; precedence, least to most
// binding: or, and, not, x of, brackets; a list of conditions is OR-ed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCondition } from '../../../src/detect/sigma/condition.ts';
import { matches, rejection, rule } from './helpers.ts';

// Records with fields a, b, c set to 'x' or absent: every combination, indexed by its bits (a=1, b=2, c=4).
const ALL = Array.from({ length: 8 }, (_, bits) => ({
  ...(bits & 1 ? { a: 'x' } : {}),
  ...(bits & 2 ? { b: 'x' } : {}),
  ...(bits & 4 ? { c: 'x' } : {}),
}));
const SEL = '  sa: { a: x }\n  sb: { b: x }\n  sc: { c: x }\n';
const truth = (f: (a: boolean, b: boolean, c: boolean) => boolean) =>
  ALL.flatMap((_, bits) => (f(!!(bits & 1), !!(bits & 2), !!(bits & 4)) ? [bits] : []));
const cond = (c: string) => matches(`${SEL}  condition: ${c}`, ALL);

test('and binds tighter than or; not tighter than and', () => {
  assert.deepEqual(
    cond('sa or sb and sc'),
    truth((a, b, c) => a || (b && c)),
  );
  assert.deepEqual(
    cond('sa and sb or sc'),
    truth((a, b, c) => (a && b) || c),
  );
  assert.deepEqual(
    cond('not sa and sb'),
    truth((a, b) => !a && b),
  );
  assert.deepEqual(
    cond('not sa or sb'),
    truth((a, b) => !a || b),
  );
  assert.deepEqual(
    cond('not not sa'),
    truth((a) => a),
  );
});

test('brackets override precedence', () => {
  assert.deepEqual(
    cond('(sa or sb) and sc'),
    truth((a, b, c) => (a || b) && c),
  );
  assert.deepEqual(
    cond('not (sa or sb)'),
    truth((a, b) => !(a || b)),
  );
  assert.deepEqual(
    cond('((sa))'),
    truth((a) => a),
  );
});

test('1 of / all of a pattern, and of them', () => {
  assert.deepEqual(
    cond('1 of s*'),
    truth((a, b, c) => a || b || c),
  );
  assert.deepEqual(
    cond('all of s*'),
    truth((a, b, c) => a && b && c),
  );
  assert.deepEqual(
    cond('1 of them'),
    truth((a, b, c) => a || b || c),
  );
  assert.deepEqual(
    cond('all of them'),
    truth((a, b, c) => a && b && c),
  );
  assert.deepEqual(
    cond('1 of s* and not sc'),
    truth((a, b, c) => (a || b || c) && !c),
  );
  // `x of` binds tighter than `not`
  assert.deepEqual(
    cond('not 1 of s*'),
    truth((a, b, c) => !(a || b || c)),
  );
  assert.deepEqual(
    cond('sa and not 1 of sb'),
    truth((a, b) => a && !b),
  );
});

test('them leaves out identifiers starting with an underscore', () => {
  const d = '  sa: { a: x }\n  _sb: { b: x }\n  condition: all of them';
  assert.deepEqual(
    matches(d, ALL),
    truth((a) => a),
  );
  assert.deepEqual(
    matches('  sa: { a: x }\n  _sb: { b: x }\n  condition: 1 of _*', ALL),
    truth((_, b) => b),
  );
});

test('a list of conditions is OR-ed', () => {
  assert.deepEqual(
    matches(`${SEL}  condition:\n    - sa and sb\n    - sc`, ALL),
    truth((a, b, c) => (a && b) || c),
  );
});

test('keywords of the grammar are case-insensitive; identifiers are not', () => {
  assert.deepEqual(
    cond('sa AND NOT sb'),
    truth((a, b) => a && !b),
  );
  assert.match(rejection(rule(`${SEL}  condition: SA`)), /names 'SA'/);
});

test('parse tree of a mixed condition', () => {
  assert.deepEqual(parseCondition('a or not b and 1 of c*'), {
    op: 'or',
    args: [
      { op: 'id', name: 'a' },
      {
        op: 'and',
        args: [
          { op: 'not', arg: { op: 'id', name: 'b' } },
          { op: 'of', quantifier: 1, pattern: 'c*' },
        ],
      },
    ],
  });
});

test('bad conditions are rejected, located at the condition line', () => {
  const at = (c: string) => rejection(rule(`${SEL}  condition: ${c}`));
  // The condition is line 9 of the document: 5 header lines, 3 selections.
  assert.match(at('sa and'), /^9 .*end/);
  assert.match(at('(sa or sb'), /^9 .*expected '\)'/);
  assert.match(at('sa sb'), /^9 .*unexpected 'sb'/);
  assert.match(at('sa or missing'), /^9 .*'missing'/);
  assert.match(at('1 of nothing*'), /^9 .*no search identifier matches 'nothing\*'/);
  assert.match(at('2x of s*'), /^9 /);
  assert.match(at('sa | count() > 5'), /^9 .*correlation/);
  assert.match(rejection(rule(SEL)), /^5 .*condition/);
});
