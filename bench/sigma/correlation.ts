/**
 * Sigma correlation engine throughput: one base rule feeding an event_count and a value_count
 * correlation (timespan 5m, group-by host), on one core, at 5,000, 50,000 and 500,000 hosts.
 *
 *   node bench/sigma/correlation.ts [--events N] [--seed S]
 *
 * Events: N matches (default 2,000,000) spread so that each host has ~4 events per timespan on
 * average; a hot 1% of hosts gets a fifth of all events, so both correlations do alert. Each has a
 * host and a user name drawn from 64. Strings are made afresh for each batch of 4,096 events,
 * untimed, as a parser would hand them over (equal to earlier ones but not the same strings, flat,
 * not yet hashed, in cache), and one fields object is reused, so what is timed is the engine
 * (`CorrelationEngine.feed` and `end`), not building events.
 *
 * Each key count runs in a child process of its own, for a clean peak RSS (`maxRSS` of the child,
 * after its input arrays are built; the baseline before feeding is printed beside it).
 *
 * Peer, on the same events in the same process: the same two correlations written the obvious way
 * — a Map from host to an array of its window's events (and a Map of user counts), trimmed from
 * the front on each arrival. It must raise the same number of alerts.
 */

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Random } from '../../src/core/random.ts';
import {
  type CorrelationAlert,
  CorrelationEngine,
  compileRuleTexts,
  FieldTable,
} from '../../src/detect/sigma/index.ts';
import { numberArg as arg } from '../args.ts';
import { median } from '../stats.ts';

const EVENTS = arg('--events', 2_000_000);
const KEYS = arg('--keys', 0);
const SPAN = 5 * 60_000;
const COUNT_AT = 20;
const DISTINCT_AT = 10;
/** Events per batch of fresh strings (see `stream`). */
const BATCH = 4096;

const RULES = `title: failed login
name: failed_login
logsource: {product: test}
detection:
  sel: {event.outcome: failure}
  condition: sel
---
title: many failures
name: many_failures
correlation:
  type: event_count
  rules: failed_login
  group-by: host
  timespan: 5m
  condition: {gte: ${COUNT_AT}}
---
title: many users
name: many_users
correlation:
  type: value_count
  rules: failed_login
  group-by: host
  timespan: 5m
  condition: {field: user.name, gte: ${DISTINCT_AT}}
`;

type Result = {
  keys: number;
  events: number;
  seconds: number;
  cpuSeconds: number;
  eventsPerSecond: number;
  alerts: number;
  peakHeld: number;
  peakGroups: number;
  baselineRssMiB: number;
  maxRssMiB: number;
  peerSeconds: number;
  peerCpuSeconds: number;
  peerAlerts: number;
};

function parent(): void {
  const latency = memoryLatency();
  const results: Result[] = [];
  for (const keys of [5_000, 50_000, 500_000]) {
    const run = spawnSync(
      process.execPath,
      [
        fileURLToPath(import.meta.url),
        '--keys',
        String(keys),
        '--events',
        String(EVENTS),
        '--seed',
        String(arg('--seed', 1)),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    if (run.status !== 0) throw new Error(`child for ${keys} keys failed:\n${run.stderr}`);
    results.push(JSON.parse(run.stdout.trim().split('\n').pop() as string));
  }
  const mib = (x: number) => `${x.toFixed(0)} MiB`;
  const rate = (s: number) => Math.round(EVENTS / s).toLocaleString('en');
  console.log(
    `Sigma correlations: ${EVENTS.toLocaleString('en')} matches into event_count + value_count (timespan 5m, group-by host)`,
  );
  console.log(
    'medians of 3 runs; wall-clock events/s, and by CPU time; peer = the obvious Map-of-arrays version',
  );
  console.log(
    `this machine: ${latency.toFixed(0)} ns per dependent random read in 64 MiB (what bounds both)`,
  );
  const table = [
    [
      'keys',
      'events/s',
      'by CPU',
      'alerts',
      'peak held',
      'peak groups',
      'base RSS',
      'max RSS',
      'peer ev/s',
      'peer/engine',
    ],
    ...results.map((r) => [
      r.keys.toLocaleString('en'),
      rate(r.seconds),
      rate(r.cpuSeconds),
      r.alerts === r.peerAlerts ? String(r.alerts) : `${r.alerts} ≠ peer ${r.peerAlerts}`,
      r.peakHeld.toLocaleString('en'),
      r.peakGroups.toLocaleString('en'),
      mib(r.baselineRssMiB),
      mib(r.maxRssMiB),
      rate(r.peerSeconds),
      (r.peerSeconds / r.seconds).toFixed(2),
    ]),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  for (const row of table) console.log(row.map((cell, c) => cell.padStart(widths[c])).join('  '));
  for (const r of results)
    console.log(JSON.stringify({ bench: 'sigma-correlation', memoryLatencyNs: latency, ...r }));
}

/** Nanoseconds per read when each read's address depends on the last, over 64 MiB: memory latency. */
function memoryLatency(): number {
  const n = 16 << 20;
  const next = new Int32Array(n);
  // One random cycle through all cells (Sattolo's shuffle), so that nearly every read misses.
  for (let i = 0; i < n; i++) next[i] = i;
  let seed = 12345;
  for (let i = n - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    const j = seed % i;
    const t = next[i];
    next[i] = next[j];
    next[j] = t;
  }
  let p = 0;
  const steps = 1_000_000;
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) p = next[p];
  const ns = ((performance.now() - t0) * 1e6) / steps;
  if (p < 0) throw new Error('unreachable'); // p is used, so the chase is not optimised away
  return ns;
}

function child(keys: number): Result {
  const rng = new Random(arg('--seed', 1));
  const random = () => rng.next();
  // ~4 events per host per timespan: the input lasts N / (4 · keys) timespans.
  const step = SPAN / (4 * keys);
  const start = 1_700_000_000_000;
  const ts = new Float64Array(EVENTS);
  const host = new Int32Array(EVENTS);
  const user = new Uint16Array(EVENTS);
  const hot = Math.max(1, Math.floor(keys / 100));
  for (let i = 0; i < EVENTS; i++) {
    ts[i] = Math.floor(start + i * step);
    host[i] = random() < 0.2 ? Math.floor(random() * hot) : Math.floor(random() * keys);
    user[i] = Math.floor(random() * 64);
  }
  const hosts = Array.from({ length: keys }, (_, i) => `host-${i}.example.org`);
  const users = Array.from({ length: 64 }, (_, i) => `user${i}`);

  const loaded = compileRuleTexts([{ file: 'bench.yml', text: RULES }], new FieldTable());
  if (loaded.rejected.length > 0) throw new Error(JSON.stringify(loaded.rejected));
  const rule = loaded.rules[0];
  const baseline = process.memoryUsage.rss();

  /**
   * Runs `feed` over every event and then `end`, timing only those: each batch's strings are made
   * first, untimed, the way a parser hands them over — fresh copies (equal to earlier ones, never
   * the same string), flat, not yet hashed, and just written, so still in cache.
   */
  const stream = (feed: (i: number, host: string, user: string) => void, end: () => void) => {
    let wall = 0;
    let cpu = 0;
    const hostText = new Array<string>(BATCH);
    const userText = new Array<string>(BATCH);
    for (let at = 0; at < EVENTS; at += BATCH) {
      const n = Math.min(BATCH, EVENTS - at);
      for (let j = 0; j < n; j++) {
        hostText[j] = hosts[host[at + j]];
        userText[j] = users[user[at + j]];
      }
      const [hs, us]: string[][] = JSON.parse(JSON.stringify([hostText.slice(0, n), userText.slice(0, n)]));
      const time = clock();
      for (let j = 0; j < n; j++) feed(at + j, hs[j], us[j]);
      if (at + n === EVENTS) end();
      const t = time();
      wall += t.wall;
      cpu += t.cpu;
    }
    return { wall, cpu };
  };

  const engine = () => {
    let alerts = 0;
    const engine = new CorrelationEngine(loaded.correlations, loaded.rules, {
      onAlert: (_a: CorrelationAlert) => {
        alerts++;
      },
    });
    const fields: Record<string, string> = { host: '', 'user.name': '', 'event.outcome': 'failure' };
    const evidence = { file: 'auth.log', line: 0 };
    let peakHeld = 0;
    let peakGroups = 0;
    const time = stream(
      (i, h, u) => {
        fields.host = h;
        fields['user.name'] = u;
        evidence.line = i + 1;
        engine.feed(rule, fields, ts[i], evidence);
        if ((i & 0xffff) === 0) {
          peakHeld = Math.max(peakHeld, engine.held);
          peakGroups = Math.max(peakGroups, engine.groups);
        }
      },
      () => engine.end(),
    );
    return { ...time, alerts, peakHeld, peakGroups };
  };
  const other = () => {
    const p = new Peer();
    const time = stream(
      (i, h, u) => p.feed(ts[i], h, u),
      () => {},
    );
    return { ...time, alerts: p.alerts };
  };
  // The machine is shared and noisy: engine and peer alternate, three runs each; medians.
  const first = engine();
  const maxRss = process.resourceUsage().maxRSS * 1024; // the engine's run only, so far
  const runs = [first];
  const peers = [other()];
  for (let r = 1; r < 3; r++) {
    runs.push(engine());
    peers.push(other());
  }
  const seconds = median(runs.map((x) => x.wall));
  return {
    keys,
    events: EVENTS,
    seconds,
    cpuSeconds: median(runs.map((x) => x.cpu)),
    eventsPerSecond: EVENTS / seconds,
    alerts: first.alerts,
    peakHeld: first.peakHeld,
    peakGroups: first.peakGroups,
    baselineRssMiB: baseline / 2 ** 20,
    maxRssMiB: maxRss / 2 ** 20,
    peerSeconds: median(peers.map((x) => x.wall)),
    peerCpuSeconds: median(peers.map((x) => x.cpu)),
    peerAlerts: peers[0].alerts,
  };
}

/** Wall and CPU seconds since the call (CPU of the whole process: this thread and V8's helpers). */
function clock(): () => { wall: number; cpu: number } {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wall: (performance.now() - wall) / 1000, cpu: (used.user + used.system) / 1e6 };
  };
}

/** The same two correlations written the obvious way: per host, an array of its window's events. */
class Peer {
  alerts = 0;
  private readonly counted = new Map<string, number[]>();
  private readonly distinct = new Map<string, PeerWindow>();

  feed(t: number, h: string, u: string): void {
    let c = this.counted.get(h);
    if (!c) {
      c = [];
      this.counted.set(h, c);
    }
    while (c.length > 0 && c[0] <= t - SPAN) c.shift();
    c.push(t);
    if (c.length >= COUNT_AT) {
      this.alerts++;
      c.length = 0;
    }
    let w = this.distinct.get(h);
    if (!w) {
      w = { ts: [], users: [], counts: new Map() };
      this.distinct.set(h, w);
    }
    while (w.ts.length > 0 && w.ts[0] <= t - SPAN) {
      w.ts.shift();
      const gone = w.users.shift() as string;
      const n = (w.counts.get(gone) as number) - 1;
      if (n === 0) w.counts.delete(gone);
      else w.counts.set(gone, n);
    }
    w.ts.push(t);
    w.users.push(u);
    w.counts.set(u, (w.counts.get(u) ?? 0) + 1);
    if (w.counts.size >= DISTINCT_AT) {
      this.alerts++;
      this.distinct.set(h, { ts: [], users: [], counts: new Map() });
    }
  }
}

type PeerWindow = { ts: number[]; users: string[]; counts: Map<string, number> };

if (KEYS > 0) console.log(JSON.stringify(child(KEYS)));
else parent();
