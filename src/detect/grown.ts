/**
 * `a` when it already holds `length` numbers, else a longer array with the same numbers (by half
 * again, so adding one at a time costs amortized O(1) and at most a third is unused), the new part
 * zero.
 *
 * The old buffer is transferred, not copied and dropped: it is detached at once, its memory handed
 * to the new one (a realloc) or freed, instead of lingering until a collection finds it. Growing a
 * 16 MiB table otherwise held old and new, 48 MiB, until then.
 */
export function grown<T extends Int32Array | Uint32Array | Float64Array>(a: T, length: number): T {
  if (length <= a.length) return a;
  let n = Math.max(Math.ceil(a.length * 1.5), 1);
  while (n < length) n = Math.ceil(n * 1.5);
  const Type = a.constructor as new (buffer: ArrayBuffer) => T;
  return new Type((a.buffer as ArrayBuffer).transfer(n * a.BYTES_PER_ELEMENT));
}
