/** Terminal text: colours only when wanted (a TTY, and NO_COLOR unset), and plain aligned tables. */
import { type ErrorInfo, formatError } from '../core/errors.ts';

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

/** What a file's read left to say: lines not understood and damaged (with samples), its error. */
export function fileIssues(
  f: {
    path: string;
    notUnderstood: number;
    notUnderstoodSamples: { line: number; reason: string; text: string }[];
    framingIssues: number;
    framingSamples: { line: number; reason: string }[];
    error?: ErrorInfo;
  },
  s: Style,
): string[] {
  const out: string[] = [];
  if (f.notUnderstood > 0) {
    out.push(s.yellow(`    ${f.notUnderstood} line(s) not understood, e.g.:`));
    for (const x of f.notUnderstoodSamples) out.push(`      ${f.path}:${x.line} ${x.reason}: ${x.text}`);
  }
  if (f.framingIssues > 0) {
    out.push(s.yellow(`    ${f.framingIssues} line(s) damaged, e.g.:`));
    for (const x of f.framingSamples) out.push(`      ${f.path}:${x.line} ${x.reason}`);
  }
  if (f.error) out.push(s.red(`    ${formatError(f.error)}`));
  return out;
}

/** 1234567 → '1,234,567': what `toLocaleString('en-US')` gives, without loading ICU (~10 ms at exit). */
export function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `Read 3 file(s), 5,802,247 lines, 1061.0 MB in 2.24 s`: how a run summary begins. */
export function readCounts(files: readonly { lines: number; bytes: number }[], elapsedMs: number): string {
  const lines = files.reduce((n, f) => n + f.lines, 0);
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  return `Read ${files.length} file(s), ${grouped(lines)} lines, ${(bytes / 1e6).toFixed(1)} MB in ${(elapsedMs / 1000).toFixed(2)} s`;
}
