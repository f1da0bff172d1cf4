/** Terminal text: colours only when wanted (a TTY, and NO_COLOR unset), and plain aligned tables. */
export type Style = { bold: Paint; red: Paint; yellow: Paint; dim: Paint };
type Paint = (s: string) => string;

export function styleFor(stream: NodeJS.WriteStream): Style {
  const on = stream.isTTY === true && !process.env.NO_COLOR;
  const paint = (code: number): Paint => (on ? (s) => `\x1b[${code}m${s}\x1b[0m` : (s) => s);
  return { bold: paint(1), red: paint(31), yellow: paint(33), dim: paint(2) };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
const ANSI = /\x1b\[\d+m/g;
const width = (s: string) => s.replace(ANSI, '').length;

export function table(head: string[], rows: string[][], s: Style): string {
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i] - width(c))))
      .join('  ')
      .trimEnd();
  return [s.bold(line(head)), ...rows.map(line)].join('\n');
}
