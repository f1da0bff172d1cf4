import { PicketError } from '../core/errors.ts';
import { Random } from '../core/random.ts';

/**
 * Isolation Forest (Liu, Ting and Zhou, 2008): anomalies are few and different, so random
 * axis-parallel cuts isolate them in fewer steps than ordinary points. Each tree is grown on a
 * random subsample of ψ rows (without replacement) to depth ⌈log₂ ψ⌉: at each node a random
 * feature that still varies there, cut at a uniform point in its range. A row's path length h(x)
 * is the depth of the leaf it reaches plus c(n), the expected depth still to go among the n rows
 * that leaf holds; its score is 2^(−E[h(x)] / c(ψ)): near 1 for anomalies, near 0.5 and below for
 * the rest.
 *
 * Seeded, so the same rows and seed give the same forest and scores (the npm implementations draw
 * from Math.random); serializable, so a baseline's model can be kept and applied later. All trees
 * live in a few flat typed arrays: a node's two children sit side by side, and a leaf holds its
 * h(x) already, so scoring a row is one short walk per tree.
 */
export type IsolationForestOptions = {
  /** Trees; default 100 (the paper's and scikit-learn's). */
  trees?: number;
  /** ψ, rows per tree; default 256, or every row when there are fewer. */
  sampleSize?: number;
  /** Default ⌈log₂ ψ⌉: deeper branches would only sort the ordinary rows. */
  maxDepth?: number;
  seed?: number;
};

/** A forest as data (`toJSON`, `IsolationForest.fromJSON`). */
export type IsolationForestJson = {
  format: 'picket-isolation-forest';
  version: 1;
  columns: number;
  sampleSize: number;
  /** Per tree, its root node. */
  roots: number[];
  /** Per node: the feature it cuts (−1: a leaf), the cut (≤ goes to the first child), the first child; a leaf's h(x). */
  feature: number[];
  split: number[];
  child: number[];
  value: number[];
};

const EULER_GAMMA = 0.5772156649015329;

/**
 * c(n): the average path length of an unsuccessful search in a binary search tree of n keys —
 * what a leaf of n rows adds to the depth (the paper's normalisation): 2·H(n−1) − 2(n−1)/n,
 * with H(i) ≈ ln i + γ; c(1) = 0, c(2) = 1.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

export class IsolationForest {
  readonly columns: number;
  readonly sampleSize: number;
  readonly #roots: Int32Array;
  readonly #feature: Int32Array;
  readonly #split: Float64Array;
  readonly #child: Int32Array;
  readonly #value: Float64Array;
  readonly #norm: number;

  private constructor(json: Omit<IsolationForestJson, 'format' | 'version'>) {
    this.columns = json.columns;
    this.sampleSize = json.sampleSize;
    this.#roots = Int32Array.from(json.roots);
    this.#feature = Int32Array.from(json.feature);
    this.#split = Float64Array.from(json.split);
    this.#child = Int32Array.from(json.child);
    this.#value = Float64Array.from(json.value);
    this.#norm = averagePathLength(json.sampleSize);
  }

  /** Grows a forest on `rows` (each of the same length, finite numbers). */
  static fit(rows: readonly (readonly number[])[], options: IsolationForestOptions = {}): IsolationForest {
    const columns = rows[0]?.length ?? 0;
    if (rows.length === 0 || columns === 0)
      throw new PicketError('USAGE', 'isolation forest: no rows to fit');
    const data = new Float64Array(rows.length * columns);
    rows.forEach((row, r) => {
      if (row.length !== columns)
        throw new PicketError(
          'USAGE',
          `isolation forest: row ${r + 1} has ${row.length} values, not ${columns}`,
        );
      for (let c = 0; c < columns; c++) {
        if (!Number.isFinite(row[c]))
          throw new PicketError(
            'USAGE',
            `isolation forest: row ${r + 1}, column ${c + 1} is not a finite number`,
          );
        data[r * columns + c] = row[c];
      }
    });
    const trees = options.trees ?? 100;
    const sampleSize = Math.min(options.sampleSize ?? 256, rows.length);
    const maxDepth = options.maxDepth ?? Math.ceil(Math.log2(Math.max(sampleSize, 2)));
    const grower = new Grower(
      data,
      rows.length,
      columns,
      sampleSize,
      maxDepth,
      new Random(options.seed ?? 1),
    );
    const roots: number[] = [];
    for (let t = 0; t < trees; t++) roots.push(grower.tree());
    return new IsolationForest({ columns, sampleSize, roots, ...grower.nodes() });
  }

  /** A forest from `toJSON`'s data; a malformed one is refused with the reason. */
  static fromJSON(json: unknown): IsolationForest {
    const j = json as IsolationForestJson;
    const fault = checkJson(j);
    if (fault) throw new PicketError('MODEL_INVALID', `isolation forest: ${fault}`);
    return new IsolationForest(j);
  }

  toJSON(): IsolationForestJson {
    return {
      format: 'picket-isolation-forest',
      version: 1,
      columns: this.columns,
      sampleSize: this.sampleSize,
      roots: [...this.#roots],
      feature: [...this.#feature],
      split: [...this.#split],
      child: [...this.#child],
      value: [...this.#value],
    };
  }

  /** E[h(x)]: the row's path length averaged over the trees. */
  pathLength(row: readonly number[]): number {
    if (row.length !== this.columns)
      throw new PicketError('USAGE', `isolation forest: a row of ${row.length} values, not ${this.columns}`);
    const feature = this.#feature;
    const split = this.#split;
    const child = this.#child;
    let sum = 0;
    for (const root of this.#roots) {
      let n = root;
      while (feature[n] >= 0) n = child[n] + (row[feature[n]] <= split[n] ? 0 : 1);
      sum += this.#value[n];
    }
    return sum / this.#roots.length;
  }

  /** The anomaly score, 2^(−E[h(x)] / c(ψ)), in (0, 1]: higher is more anomalous. */
  score(row: readonly number[]): number {
    return this.#norm === 0 ? 0.5 : 2 ** (-this.pathLength(row) / this.#norm);
  }
}

/** Grows trees into shared node arrays; each node's two children are allocated side by side. */
class Grower {
  readonly #data: Float64Array;
  readonly #columns: number;
  readonly #sampleSize: number;
  readonly #maxDepth: number;
  readonly #random: Random;
  /** A permutation of the row numbers; each tree's sample is a fresh partial shuffle of it. */
  readonly #order: Int32Array;
  readonly #sample: Int32Array;
  readonly #candidates: Int32Array;
  readonly #feature: number[] = [];
  readonly #split: number[] = [];
  readonly #child: number[] = [];
  readonly #value: number[] = [];

  constructor(
    data: Float64Array,
    rows: number,
    columns: number,
    sampleSize: number,
    maxDepth: number,
    random: Random,
  ) {
    this.#data = data;
    this.#columns = columns;
    this.#sampleSize = sampleSize;
    this.#maxDepth = maxDepth;
    this.#random = random;
    this.#order = Int32Array.from({ length: rows }, (_, i) => i);
    this.#sample = new Int32Array(sampleSize);
    this.#candidates = new Int32Array(columns);
  }

  /** Grows one tree on a new sample; returns its root. */
  tree(): number {
    const order = this.#order;
    for (let i = 0; i < this.#sampleSize; i++) {
      const j = i + Math.floor(this.#random.next() * (order.length - i));
      [order[i], order[j]] = [order[j], order[i]];
      this.#sample[i] = order[i];
    }
    const root = this.#node();
    this.#grow(root, 0, this.#sampleSize, 0);
    return root;
  }

  nodes(): { feature: number[]; split: number[]; child: number[]; value: number[] } {
    return { feature: this.#feature, split: this.#split, child: this.#child, value: this.#value };
  }

  #node(): number {
    this.#feature.push(-1);
    this.#split.push(0);
    this.#child.push(-1);
    this.#value.push(0);
    return this.#feature.length - 1;
  }

  /** Node `n` holds sample rows [lo, hi) at `depth`: a leaf, or a cut and two children. */
  #grow(n: number, lo: number, hi: number, depth: number): void {
    const cut = depth < this.#maxDepth && hi - lo > 1 ? this.#cut(lo, hi) : undefined;
    if (!cut) {
      this.#value[n] = depth + averagePathLength(hi - lo);
      return;
    }
    // Partition: rows at or below the cut first.
    const sample = this.#sample;
    let mid = lo;
    for (let i = lo; i < hi; i++) {
      if (this.#at(sample[i], cut.feature) <= cut.split) {
        [sample[i], sample[mid]] = [sample[mid], sample[i]];
        mid++;
      }
    }
    const left = this.#node();
    this.#node();
    this.#feature[n] = cut.feature;
    this.#split[n] = cut.split;
    this.#child[n] = left;
    this.#grow(left, lo, mid, depth + 1);
    this.#grow(left + 1, mid, hi, depth + 1);
  }

  /**
   * A random feature that varies among rows [lo, hi) and a cut uniform in [min, max) — the min
   * goes left and the max right, so both sides hold a row; undefined when every feature is constant.
   */
  #cut(lo: number, hi: number): { feature: number; split: number } | undefined {
    const candidates = this.#candidates;
    for (let c = 0; c < this.#columns; c++) candidates[c] = c;
    for (let left = this.#columns; left > 0; left--) {
      const k = Math.floor(this.#random.next() * left);
      const feature = candidates[k];
      candidates[k] = candidates[left - 1];
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (let i = lo; i < hi; i++) {
        const v = this.#at(this.#sample[i], feature);
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (min === max) continue;
      const split = min + this.#random.next() * (max - min);
      // Rounding can carry min + r·(max − min) up to max: keep the max on the right.
      return { feature, split: split < max ? split : min };
    }
    return undefined;
  }

  #at(row: number, feature: number): number {
    return this.#data[row * this.#columns + feature];
  }
}

/** What is wrong with a forest's data, if anything: lengths, node links and values. */
function checkJson(j: IsolationForestJson): string | undefined {
  if (typeof j !== 'object' || j === null) return 'not an object';
  if (j.format !== 'picket-isolation-forest' || j.version !== 1)
    return 'not a version 1 Picket isolation forest';
  const lists = ['roots', 'feature', 'split', 'child', 'value'] as const;
  for (const name of lists)
    if (!Array.isArray(j[name]) || !j[name].every((x) => typeof x === 'number' && Number.isFinite(x)))
      return `${name} is not a list of numbers`;
  const nodes = j.feature.length;
  if (j.split.length !== nodes || j.child.length !== nodes || j.value.length !== nodes)
    return 'node lists of different lengths';
  if (!Number.isInteger(j.columns) || j.columns < 1) return 'columns is not a positive whole number';
  if (!Number.isInteger(j.sampleSize) || j.sampleSize < 1) return 'sampleSize is not a positive whole number';
  if (j.roots.length === 0 || j.roots.some((r) => !Number.isInteger(r) || r < 0 || r >= nodes))
    return 'a root is not a node';
  for (let n = 0; n < nodes; n++) {
    const f = j.feature[n];
    if (f === -1) continue;
    if (!Number.isInteger(f) || f < 0 || f >= j.columns) return `node ${n} cuts no column`;
    // Children come after their parent, so every walk ends.
    const c = j.child[n];
    if (!Number.isInteger(c) || c <= n || c + 1 >= nodes) return `node ${n} has no children`;
  }
  return undefined;
}
