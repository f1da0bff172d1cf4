/**
 * `a` when it already holds `length` numbers, else a copy at least that long (doubling, so adding
 * one at a time costs amortized O(1)), the new part set to `fill`.
 */
export function grown<T extends Int32Array | Float64Array>(a: T, length: number, fill = 0): T {
  if (length <= a.length) return a;
  let n = Math.max(a.length * 2, 1);
  while (n < length) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
