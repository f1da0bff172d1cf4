/** The middle value of `xs` (the upper middle of an even count): what benchmarks report of their runs. */
export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}
