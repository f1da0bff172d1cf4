import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Random } from '../../src/core/random.ts';
import { averagePathLength, IsolationForest } from '../../src/ml/isolation-forest.ts';

test('c(n), the average path length of an unsuccessful BST search: hand-computed values', () => {
  assert.equal(averagePathLength(1), 0);
  assert.equal(averagePathLength(2), 1);
  // 2(ln 2 + γ) − 4/3 and 2(ln 255 + γ) − 510/256, worked by hand to ten places.
  assert.ok(Math.abs(averagePathLength(3) - 1.2073923576) < 1e-9);
  assert.ok(Math.abs(averagePathLength(256) - 10.2447709201) < 1e-9);
});

test('path lengths on known data match the expectation worked out by hand', () => {
  // Rows 0, 1 and 10, ψ = 3, depth ≤ 2. The first cut is uniform in [0, 10): below 1 (p = 0.1)
  // it isolates 0 at depth 1 and then cuts 1 from 10 (depth 2); otherwise it isolates 10 at depth
  // 1 and then cuts 0 from 1. So E[h(10)] = 0.1·2 + 0.9·1 = 1.1, E[h(0)] = 1.9, E[h(1)] = 2.
  const forest = IsolationForest.fit([[0], [1], [10]], { trees: 20_000, seed: 7 });
  assert.ok(Math.abs(forest.pathLength([10]) - 1.1) < 0.01, String(forest.pathLength([10])));
  assert.ok(Math.abs(forest.pathLength([0]) - 1.9) < 0.01, String(forest.pathLength([0])));
  near(forest.pathLength([1]), 2);
  // Rows that cannot be cut apart: every tree is one leaf of ψ rows, h = c(ψ), the score 1/2.
  const same = IsolationForest.fit(
    Array.from({ length: 50 }, () => [3, 4]),
    { seed: 1 },
  );
  near(same.pathLength([3, 4]), averagePathLength(50));
  near(same.score([3, 4]), 0.5);
  // Depth 0: the same, whatever the rows.
  const flat = IsolationForest.fit([[1], [2], [3], [4]], { maxDepth: 0 });
  near(flat.score([100]), 0.5);
});

test('an obvious outlier is isolated: the highest score, well above the cluster', () => {
  const random = new Random(3);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  const rows = Array.from({ length: 1000 }, () => [normal(), normal(), normal()]);
  rows.push([8, -8, 8]);
  const forest = IsolationForest.fit(rows, { seed: 11 });
  const scores = rows.map((r) => forest.score(r));
  const outlier = scores[scores.length - 1];
  const sorted = [...scores].sort((a, b) => a - b);
  assert.equal(outlier, sorted[sorted.length - 1]);
  assert.ok(outlier > 0.7, `outlier ${outlier}`);
  assert.ok(sorted[500] < 0.5, `median ${sorted[500]}`);
});

test('seeded: the same rows and seed give the same forest; another seed, another', () => {
  const rows = Array.from({ length: 300 }, (_, i) => [i % 17, (i * 7) % 23, Math.sin(i)]);
  const a = IsolationForest.fit(rows, { seed: 5 });
  const b = IsolationForest.fit(rows, { seed: 5 });
  const c = IsolationForest.fit(rows, { seed: 6 });
  assert.deepEqual(a.toJSON(), b.toJSON());
  assert.notDeepEqual(a.toJSON(), c.toJSON());
  for (const r of rows) assert.equal(a.score(r), b.score(r));
});

test('serialized and read back, a forest scores every row the same', () => {
  const rows = Array.from({ length: 400 }, (_, i) => [Math.cos(i) * 100, i % 9, (i * i) % 31]);
  const forest = IsolationForest.fit(rows, { seed: 2, trees: 50 });
  const back = IsolationForest.fromJSON(JSON.parse(JSON.stringify(forest)));
  for (const r of [...rows, [1e6, -3, 0.5]]) assert.equal(back.score(r), forest.score(r));
});

test('bad input is refused with what and where: rows, values, a damaged model', () => {
  assert.throws(() => IsolationForest.fit([]), /no rows/);
  assert.throws(() => IsolationForest.fit([[1, 2], [3]]), /row 2 has 1 values, not 2/);
  assert.throws(
    () =>
      IsolationForest.fit([
        [1, 2],
        [3, Number.NaN],
      ]),
    /row 2, column 2 is not a finite number/,
  );
  const json = IsolationForest.fit([[1], [2], [3]], { trees: 2 }).toJSON();
  assert.throws(() => IsolationForest.fromJSON({ ...json, version: 2 }), /MODEL|version 1/);
  const looped = { ...json, child: json.child.map((c) => Math.min(c, 0)) };
  assert.throws(() => IsolationForest.fromJSON(looped), /node \d+ has no children/);
  const wide = { ...json, feature: json.feature.map((f) => (f >= 0 ? 5 : f)) };
  assert.throws(() => IsolationForest.fromJSON(wide), /node \d+ cuts no column/);
  assert.throws(() => IsolationForest.fromJSON({ ...json, split: [1] }), /different lengths/);
});

test('property: every path length lies in [0, maxDepth + c(ψ)], every score in (0, 1]', () => {
  const row = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 2 });
  fc.assert(
    fc.property(
      fc.array(row, { minLength: 1, maxLength: 80 }),
      fc.integer({ min: 0, max: 1000 }),
      (rows, seed) => {
        const forest = IsolationForest.fit(rows, { seed, trees: 10 });
        const psi = Math.min(256, rows.length);
        const most = Math.ceil(Math.log2(Math.max(psi, 2))) + averagePathLength(psi);
        for (const r of [...rows, [0, 0], [1e7, -1e7]]) {
          const h = forest.pathLength(r);
          assert.ok(h >= 0 && h <= most + 1e-9, `h ${h} > ${most}`);
          const s = forest.score(r);
          assert.ok(s > 0 && s <= 1, `score ${s}`);
        }
      },
    ),
    { numRuns: 200 },
  );
});

/** Equal but for the rounding of a mean over the trees. */
function near(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);
}
