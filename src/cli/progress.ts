/** A progress line on stderr for long runs: only on a terminal, redrawn at most 5 times a second. */
export function progressBar(stream: NodeJS.WriteStream) {
  let last = 0;
  let drawn = false;
  return {
    update: (done: number, total: number) => {
      if (!stream.isTTY || total < 64e6) return;
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      drawn = true;
      const pct = Math.min(100, (100 * done) / total);
      const bar = '#'.repeat(Math.round(pct / 4)).padEnd(25, '.');
      stream.write(
        `\r[${bar}] ${pct.toFixed(0)}%  ${(done / 1e6).toFixed(0)}/${(total / 1e6).toFixed(0)} MB`,
      );
    },
    done: () => {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
