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
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { numberArg as arg } from '../args.ts';
import { median } from '../stats.ts';
import { ruleLiterals } from './literals.ts';

const MIB = arg('--mib', 150);
const RUNS = arg('--runs', 3);
const SOURCE = 'bench/out/bruteforce-1024';
const OUT = 'bench/out/sigma-logs';

if (!existsSync(join(SOURCE, 'access.log'))) {
  console.error(`no ${SOURCE}: run 'bash bench/bruteforce/run.sh 1024' first (it generates the logs)`);
  process.exit(2);
}
mkdirSync(OUT, { recursive: true });
let totalBytes = 0;
const files = (
  [
    ['access.log', (MIB * 2) / 3],
    ['auth.log', MIB / 3],
  ] as const
).map(([name, mib]) => {
  const source = join(SOURCE, name);
  const path = join(OUT, name);
  const head = Buffer.alloc(Math.floor(mib * 2 ** 20));
  const fd = openSync(source, 'r');
  const read = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const whole = head.subarray(0, head.lastIndexOf(10, read - 1) + 1); // whole lines only
  writeFileSync(path, whole);
  totalBytes += whole.length;
  // The source's times: syslog's year is inferred from the file's modification time.
  const { atime, mtime } = statSync(source);
  utimesSync(path, atime, mtime);
  return path;
});
const totalMiB = totalBytes / 2 ** 20;

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
  spawnSync('cat', files, { stdio: 'ignore' }); // page cache: every tool starts warm
  for (const [name, cmd] of Object.entries(tools)) {
    const r = spawnSync('/usr/bin/time', ['-v', ...cmd], { encoding: 'utf8', maxBuffer: 256 << 20 });
    const wall = /Elapsed \(wall clock\) time.*: (\S+)/.exec(r.stderr)?.[1] ?? '';
    const seconds = wall.split(':').reduce((s, x) => s * 60 + Number(x), 0);
    const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]) / 1024;
    times[name].push({ wall: seconds, rssMiB: rss });
    if (name === 'picket') records = JSON.parse(r.stdout).records;
  }
}
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
