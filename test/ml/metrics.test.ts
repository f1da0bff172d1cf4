import assert from 'node:assert/strict';
import { test } from 'node:test';
import { averagePrecision, precisionRecall } from '../../src/ml/metrics.ts';

test('average precision, worked by hand', () => {
  // Ranked: P N P N: precision at the positives 1/1 and 2/3 → AP = (1 + 2/3) / 2 = 0.8333.
  assert.ok(Math.abs(averagePrecision([0.9, 0.8, 0.7, 0.1], [true, false, true, false]) - 5 / 6) < 1e-12);
  // Perfect ranking → 1; every positive last of 4 with 2 positives: (1/3 + 2/4) / 2.
  assert.equal(averagePrecision([4, 3, 2, 1], [true, true, false, false]), 1);
  assert.ok(
    Math.abs(averagePrecision([4, 3, 2, 1], [false, false, true, true]) - (1 / 3 + 2 / 4) / 2) < 1e-12,
  );
  // Ties are one threshold: all four tied with 2 positives → precision 0.5 at recall 1.
  assert.equal(averagePrecision([1, 1, 1, 1], [true, false, true, false]), 0.5);
  assert.ok(Number.isNaN(averagePrecision([1, 2], [false, false])));
});

test('precision and recall of flagged items', () => {
  const r = precisionRecall([true, true, false, false, true], [true, false, true, false, true]);
  assert.equal(r.truePositives, 2);
  assert.equal(r.falsePositives, 1);
  assert.equal(r.precision, 2 / 3);
  assert.equal(r.recall, 2 / 3);
  assert.ok(Number.isNaN(precisionRecall([false], [true]).precision));
});
