/**
 * Picket's own Sigma rules over web and SSH logs: `picket investigate --sigma` (the compiled CLI,
 * as installed) on the brute-force benchmark's logs, every line an event, against ripgrep counting
 * the lines that hold any of the rules' literal values (`rg -c -i -F -f`): the raw-scan ceiling of
 * a literal prefilter (it answers nothing about fields, conditions or correlations).
 *
 *   node bench/sigma/logs.ts [--mib N] [--runs R]
 *
 * Input: the first N MiB (default 150) of bench/out/bruteforce-1024/ — two thirds from access.log,
 * one third from auth.log (`bash bench/bruteforce/run.sh 1024` generates them), cut at a line end,
 * written to bench/out/sigma-logs/. Each tool runs R times (default 3) in rounds under
 * /usr/bin/time -v, after the files are read into the page cache; medians.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleLiterals } from './literals.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MIB = arg('--mib', 150);
const RUNS = arg('--runs', 3);
const SOURCE = 'bench/out/bruteforce-1024';
const OUT = 'bench/out/sigma-logs';

if (!existsSync(join(SOURCE, 'access.log'))) {
  console.error(`no ${SOURCE}: run 'bash bench/bruteforce/run.sh 1024' first (it generates the logs)`);
  process.exit(2);
}
mkdirSync(OUT, { recursive: true });
const files = [
  ['access.log', (MIB * 2) / 3],
  ['auth.log', MIB / 3],
].map(([name, mib]) => {
  const path = join(OUT, name as string);
  const bytes = readFileSync(join(SOURCE, name as string)).subarray(0, (mib as number) * 2 ** 20);
  writeFileSync(path, bytes.subarray(0, bytes.lastIndexOf(10) + 1)); // whole lines only
  // The source's times: syslog's year is inferred from the file's modification time.
  const { atime, mtime } = statSync(join(SOURCE, name as string));
  utimesSync(path, atime, mtime);
  return path;
});
const totalMiB = files.reduce((n, f) => n + readFileSync(f).length, 0) / 2 ** 20;

const needles = ruleLiterals('src/rules', { minLength: 1, asJson: false });
writeFileSync(join(OUT, 'needles.txt'), `${needles.join('\n')}\n`);

if (spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);
const tools: Record<string, string[]> = {
  picket: ['node', 'dist/cli/main.js', 'investigate', '--sigma', '--json', '--no-progress', ...files],
  ripgrep: ['rg', '-c', '-i', '-F', '-f', join(OUT, 'needles.txt'), ...files],
};
const times: Record<string, { wall: number; rssMiB: number }[]> = { picket: [], ripgrep: [] };
let records = 0;
for (let round = 0; round < RUNS; round++) {
  for (const f of files) readFileSync(f); // page cache
  for (const [name, cmd] of Object.entries(tools)) {
    const r = spawnSync('/usr/bin/time', ['-v', ...cmd], { encoding: 'utf8', maxBuffer: 256 << 20 });
    const wall = /Elapsed \(wall clock\) time.*: (\S+)/.exec(r.stderr)?.[1] ?? '';
    const seconds = wall.split(':').reduce((s, x) => s * 60 + Number(x), 0);
    const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]) / 1024;
    times[name].push({ wall: seconds, rssMiB: rss });
    if (name === 'picket') records = JSON.parse(r.stdout).records;
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (runs: { wall: number; rssMiB: number }[]) => {
  const wall = median(runs.map((x) => x.wall));
  return {
    wallSeconds: wall,
    runs: runs.map((x) => x.wall),
    mibPerSecond: Math.round(totalMiB / wall),
    peakRssMiB: Math.round(median(runs.map((x) => x.rssMiB))),
  };
};
const picket = summary(times.picket);
const ripgrep = summary(times.ripgrep);
const result = {
  mib: Math.round(totalMiB * 10) / 10,
  records,
  recordsPerSecond: Math.round(records / picket.wallSeconds),
  literals: needles.length,
  picket,
  ripgrep,
  picketOverRipgrep: Math.round((picket.wallSeconds / ripgrep.wallSeconds) * 10) / 10,
};
console.error(
  `${result.mib} MiB, ${records.toLocaleString('en')} records: Picket ${picket.wallSeconds} s ` +
    `(${picket.mibPerSecond} MiB/s, ${result.recordsPerSecond.toLocaleString('en')} records/s, ` +
    `${picket.peakRssMiB} MiB); ripgrep (${needles.length} literals) ${ripgrep.wallSeconds} s`,
);
writeFileSync(join(OUT, 'result.json'), JSON.stringify(result, null, 2));
console.log(JSON.stringify(result, null, 2));
