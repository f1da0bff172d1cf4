/**
 * Sigma rule engine benchmark: compile time of SigmaHQ's rules, and throughput of the Windows rule
 * set (and subsets of 100, 400 and 1,200 rules) over Windows events as NDJSON, on one thread:
 * reading and matching together, and matching alone (the engine's calls, timed over batches of
 * records just parsed); three passes each, medians and ranges.
 *
 *   node bench/sigma/rules.ts [--events N] [--seed S]
 *
 * Events: SigmaHQ's regression events (../shared/data/sigma/regression_data, malicious) as
 * templates; most generated events are benign variants — the template's process, command line and
 * parent replaced by ones drawn from a pool of ordinary Windows programs — as in a real log, where
 * almost nothing matches. Written as NDJSON to bench/out/sigma/events.ndjson.
 *
 * Peer, on the same file in the same run: ripgrep counting the lines that contain any of the rule
 * set's literal values (`rg -c -i -F -f`): the raw-scan ceiling of a literal prefilter (it answers
 * nothing about fields or conditions).
 */

import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Random } from '../../src/core/random.ts';
import type { SourcedRecord } from '../../src/core/record.ts';
import { type DetectionRule, FieldTable, loadRules, SigmaEngine } from '../../src/detect/sigma/index.ts';
import { windowsLogsource } from '../../src/detect/sigma/windows-logsource.ts';
import { readJsonRecords } from '../../src/ingest/index.ts';
import { readLines } from '../../src/ingest/read-lines.ts';
import { numberArg as arg } from '../args.ts';
import { median } from '../stats.ts';
import { ruleLiterals } from './literals.ts';

const SIGMA = '../shared/data/sigma';
const OUT = 'bench/out/sigma';
const EVENTS = arg('--events', 200_000);
const rng = new Random(arg('--seed', 1));
const random = () => rng.next();
const pick = <T>(xs: readonly T[]): T => rng.pick(xs);

// --- events ---------------------------------------------------------------------------------------
const PROGRAMS = [
  'C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\explorer.exe', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Windows\\System32\\RuntimeBroker.exe', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE',
  'C:\\Windows\\System32\\taskhostw.exe', 'C:\\Windows\\System32\\conhost.exe', 'C:\\Windows\\System32\\backgroundTaskHost.exe',
  'C:\\Program Files\\Microsoft VS Code\\Code.exe', 'C:\\Windows\\System32\\SearchProtocolHost.exe',
]; // biome-ignore format: a list
const ARGS = [
  '',
  ' -k netsvcs -p',
  ' --type=renderer --lang=en-US',
  ' /background',
  ' -Embedding',
  ' --no-sandbox',
];

function templates(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json'))
        for (const doc of readFileSync(p, 'utf8').split(/\n(?=\{)/)) out.push(JSON.parse(doc));
    }
  };
  walk(`${SIGMA}/regression_data`);
  return out;
}

function generate(path: string): number {
  const base = templates();
  const lines: string[] = [];
  let malicious = 0;
  for (let i = 0; i < EVENTS; i++) {
    const ev = structuredClone(base[i % base.length]) as { Event: { EventData?: Record<string, unknown> } };
    const data = ev.Event.EventData;
    if (data && random() < 0.98) {
      const image = pick(PROGRAMS);
      if ('Image' in data) data.Image = image;
      if ('CommandLine' in data) data.CommandLine = `"${image}"${pick(ARGS)}`;
      if ('ParentImage' in data) data.ParentImage = pick(PROGRAMS);
      if ('ParentCommandLine' in data) data.ParentCommandLine = pick(PROGRAMS);
      if ('TargetFilename' in data)
        data.TargetFilename = `C:\\Users\\user\\AppData\\Local\\Temp\\tmp${i}.tmp`;
      if ('TargetObject' in data) data.TargetObject = `HKLM\\SOFTWARE\\Vendor\\App\\Setting${i % 50}`;
    } else malicious++;
    lines.push(JSON.stringify(ev));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return malicious;
}

// --- measurements ----------------------------------------------------------------------------------
const ms = (t: number) => Math.round(performance.now() - t);

/**
 * Records matched per timed batch: ~23 KB of JSON, still in cache from their parsing, as in a run,
 * where each record is matched as soon as it is parsed. (Batches of 256 records, ~360 KB, left the
 * cache between parsing and matching: matching ×1.27 slower, paired runs.)
 */
const BATCH = 16;
const PASSES = 3;

/**
 * Streams the file through the reader and the engine, as `picket investigate` does, three times;
 * medians. End to end: the whole pass. Matching: `engine.match` alone, timed over each batch of
 * records just parsed (the engine meets records fresh from the parser, as in a run).
 */
async function throughput(rules: readonly DetectionRule[], table: FieldTable, file: { path: string }) {
  let t = performance.now();
  const engine = new SigmaEngine(rules, table);
  const engineMs = ms(t);
  const totals: number[] = [];
  const matching: number[] = [];
  let matches = 0;
  let records = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    matches = 0;
    let matchMs = 0;
    const batch: SourcedRecord[] = [];
    const flush = () => {
      const t0 = performance.now();
      for (const r of batch) matches += engine.match(r.fields, r.logsource).length;
      matchMs += performance.now() - t0;
      batch.length = 0;
    };
    t = performance.now();
    const read = await readJsonRecords(
      file,
      (r) => {
        if (batch.push(r) === BATCH) flush();
      },
      { logsourceOf: windowsLogsource },
    );
    flush();
    totals.push(performance.now() - t);
    matching.push(matchMs);
    records = read.records;
  }
  const rate = (msList: number[]) => Math.round(records / (median(msList) / 1000));
  return {
    rules: rules.length,
    engineMs,
    endToEndEventsPerSecond: rate(totals),
    matchEventsPerSecond: rate(matching),
    endToEndRange: [rate([Math.max(...totals)]), rate([Math.min(...totals)])],
    matchRange: [rate([Math.max(...matching)]), rate([Math.min(...matching)])],
    matches,
  };
}

/** What one child process measures: `compile`, `read`, or `rules N` (the Windows set's first N, spread). */
const CHILD = process.argv.indexOf('--child');
const file = join(OUT, 'events.ndjson');
if (CHILD > 0) console.log(JSON.stringify(await child(process.argv[CHILD + 1], arg('--rules', 0))));
else parent();

/**
 * Each measurement runs in a process of its own, as `picket investigate` would: a process that
 * also held the generator's events and every compiled SigmaHQ rule (a heap of 1 GiB) read and
 * matched 10–20% slower, its collections marking all of it.
 */
async function child(what: string, n: number) {
  if (what === 'compile') {
    const t = performance.now();
    const all = await loadRules([`${SIGMA}/rules`], new FieldTable());
    return { rules: all.rules.length, rejected: all.rejected.length, ms: ms(t) };
  }
  if (what === 'read') {
    // The read-only pass, after one to warm the reader up; and, as the ceiling of any reader of
    // this file, its lines through JSON.parse alone.
    const readPass = () => readJsonRecords({ path: file }, () => {}, { logsourceOf: windowsLogsource });
    const parsePass = () => readLines({ path: file }, { line: (text) => JSON.parse(text), issue: () => {} });
    await readPass();
    return {
      read: { records: EVENTS, ms: await passes(readPass) },
      jsonParseOnly: { records: EVENTS, ms: await passes(parsePass) },
      peakRssMiB: peakRss(),
    };
  }
  const table = new FieldTable();
  const windows = (await loadRules([`${SIGMA}/rules/windows`], table)).rules;
  const subset =
    n >= windows.length
      ? windows
      : windows.filter((_, i) => i % Math.ceil(windows.length / n) === 0).slice(0, n);
  return { ...(await throughput(subset, table, { path: file })), peakRssMiB: peakRss() };
}

/** Median milliseconds of PASSES runs of `pass`. */
async function passes(pass: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < PASSES; i++) {
    const t = performance.now();
    await pass();
    times.push(performance.now() - t);
  }
  return Math.round(median(times));
}

function peakRss(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function run(args: string[]) {
  const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (out.status !== 0) throw new Error(`bench child ${args.join(' ')} failed:\n${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop() as string);
}

function parent(): void {
  mkdirSync(OUT, { recursive: true });
  let t = performance.now();
  const malicious = generate(file);
  const bytes = statSync(file).size;
  console.error(
    `generated ${EVENTS} events (${malicious} left malicious), ${(bytes / 2 ** 20).toFixed(1)} MiB in ${ms(t)} ms`,
  );
  const common = ['--events', String(EVENTS)];
  const compileAll = run(['--child', 'compile', ...common]);
  console.error(
    `compiled ${compileAll.rules} rules (${compileAll.rejected} rejected) in ${compileAll.ms} ms`,
  );
  const { read, jsonParseOnly, peakRssMiB } = run(['--child', 'read', ...common]);
  const perSecond = (x: { records: number; ms: number }) => Math.round(x.records / (x.ms / 1000));
  console.error(
    `read ${read.records} records in ${read.ms} ms (${perSecond(read)} records/s); lines through JSON.parse alone: ${jsonParseOnly.ms} ms (${perSecond(jsonParseOnly)}/s); peak RSS ${peakRssMiB} MiB`,
  );
  const runs = [];
  for (const n of [100, 400, 1200, 1e9]) {
    const r = run(['--child', 'rules', '--rules', String(n), ...common]);
    console.error(
      `${String(r.rules).padStart(5)} rules: matching ${r.matchEventsPerSecond.toLocaleString('en-US')} events/s, end to end ${r.endToEndEventsPerSecond.toLocaleString('en-US')} events/s, ${r.matches} matches (engine built in ${r.engineMs} ms), peak RSS ${r.peakRssMiB} MiB`,
    );
    runs.push(r);
  }

  const needles = ruleLiterals(`${SIGMA}/rules/windows`, { minLength: 4, asJson: true });
  writeFileSync(join(OUT, 'needles.txt'), `${needles.join('\n')}\n`);
  t = performance.now();
  const rg = spawnSync('rg', ['-c', '-i', '-F', '-f', join(OUT, 'needles.txt'), file], { encoding: 'utf8' });
  const rgMs = ms(t);
  const rgResult = rg.error
    ? { error: String(rg.error) }
    : {
        literals: needles.length,
        matchingLines: Number(rg.stdout.trim()),
        ms: rgMs,
        eventsPerSecond: Math.round(EVENTS / (rgMs / 1000)),
      };
  console.error(`ripgrep, ${needles.length} literals: ${JSON.stringify(rgResult)}`);

  const result = {
    events: EVENTS,
    mib: Math.round((bytes / 2 ** 20) * 10) / 10,
    compileAll,
    read,
    jsonParseOnly,
    readPeakRssMiB: peakRssMiB,
    match: runs,
    ripgrep: rgResult,
  };
  writeFileSync(join(OUT, 'result.json'), JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result, null, 2));
}
