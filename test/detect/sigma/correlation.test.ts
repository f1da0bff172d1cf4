// Sigma correlation rules: parsing with located rejections, the specification's own examples with
// alerts counted by hand, and each correlation type against a naive O(n²) oracle.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Fields } from '../../../src/core/record.ts';
import {
  type CorrelationAlert,
  CorrelationEngine,
  compileRuleTexts,
  type DetectionRule,
  FieldTable,
} from '../../../src/detect/sigma/index.ts';

const load = (text: string) => compileRuleTexts([{ file: 'mr.yml', text }], new FieldTable());

/** A detection rule named `name` (id `name-id`); tests feed its matches directly. */
const base = (name: string) =>
  `title: ${name}\nid: ${name}-id\nname: ${name}\nlogsource:\n  product: test\ndetection:\n  sel:\n    kind: ${name}\n  condition: sel\n`;

type Feed = [rule: string, fields: Fields, ts: number];

/** Loads the text (no rejection allowed), feeds the matches (line = position + 1), ends the input. */
function run(text: string, feeds: Feed[], opts: { end?: boolean; cap?: number } = {}) {
  const loaded = load(text);
  assert.deepEqual(loaded.rejected, []);
  const alerts: CorrelationAlert[] = [];
  const engine = new CorrelationEngine(loaded.correlations, loaded.rules, {
    onAlert: (a) => alerts.push(a),
    evidenceCap: opts.cap,
  });
  assert.deepEqual(engine.rejected, []);
  const byName = new Map(loaded.rules.map((r) => [r.name, r]));
  for (const [i, [name, fields, ts]] of feeds.entries())
    engine.feed(byName.get(name) as DetectionRule, fields, ts, { file: 'log', line: i + 1 });
  if (opts.end !== false) engine.end();
  return { alerts, engine, loaded };
}

const brief = (a: CorrelationAlert) => ({
  rule: a.rule.name ?? a.rule.title,
  group: a.group,
  value: a.value,
  events: a.events,
  firstTs: a.firstTs,
  lastTs: a.lastTs,
});

/** Every rejection, from the loader and the engine: `line reason`. */
function rejections(text: string): string[] {
  const loaded = load(text);
  const engine = new CorrelationEngine(loaded.correlations, loaded.rules);
  return [...loaded.rejected, ...engine.rejected].map((r) => `${r.line} ${r.reason}`);
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const times = (n: number, step: number, from = 0) => Array.from({ length: n }, (_, i) => from + i * step);

// --- event_count: the specification's "Many failed logins" (gte 100 in 1h per ComputerName) ---

const manyFailed = `${base('failed_login')}---
title: Many failed logins
id: 0e95725d-7320-415d-80f7-004da920fc11
correlation:
    type: event_count
    rules:
        - failed_login-id
    group-by:
        - ComputerName
    timespan: 1h
    condition:
        gte: 100
`;
const failed = (ts: number, host = 'A'): Feed => ['failed_login', { ComputerName: host }, ts];

test('event_count: the 100th failed login within an hour raises one alert; 99 raise none', () => {
  const { alerts } = run(
    manyFailed,
    times(100, 30_000).map((t) => failed(t)),
  );
  assert.deepEqual(alerts.map(brief), [
    {
      rule: 'Many failed logins',
      group: { ComputerName: 'A' },
      value: 100,
      events: 100,
      firstTs: 0,
      lastTs: 99 * 30_000,
    },
  ]);
  assert.deepEqual(alerts[0].evidence.slice(0, 2), [
    { file: 'log', line: 1 },
    { file: 'log', line: 2 },
  ]);
  assert.equal(
    run(
      manyFailed,
      times(99, 30_000).map((t) => failed(t)),
    ).alerts.length,
    0,
  );
});

test('event_count: events exactly the timespan apart share no window', () => {
  const middle = times(98, 0, 30 * MIN).map((t) => failed(t));
  assert.equal(run(manyFailed, [failed(0), ...middle, failed(HOUR)]).alerts.length, 0);
  const alerts = run(manyFailed, [failed(0), ...middle, failed(HOUR - 1)]).alerts;
  assert.deepEqual(
    alerts.map((a) => [a.value, a.firstTs, a.lastTs]),
    [[100, 0, HOUR - 1]],
  );
});

test('event_count: an alert consumes its events — 250 logins raise two alerts, not 151', () => {
  const { alerts } = run(
    manyFailed,
    times(250, 1000).map((t) => failed(t)),
  );
  assert.deepEqual(
    alerts.map((a) => [a.value, a.firstTs, a.lastTs]),
    [
      [100, 0, 99_000],
      [100, 100_000, 199_000],
    ],
  );
});

test('event_count: groups count apart', () => {
  const feeds = times(120, 1000).map((t, i) => failed(t, i % 2 ? 'A' : 'B'));
  assert.equal(run(manyFailed, feeds).alerts.length, 0);
});

test('evidence keeps the oldest events and the newest, and counts the rest', () => {
  const text = manyFailed.replace('gte: 100', 'gte: 5');
  const { alerts } = run(
    text,
    times(5, 1000).map((t) => failed(t)),
    { cap: 3 },
  );
  assert.deepEqual(
    alerts[0].evidence.map((e) => e.line),
    [1, 2, 5],
  );
  assert.equal(alerts[0].omitted, 2);
});

// --- value_count: the specification's "Failed login" (gte 100 distinct User per host and workstation in 1d) ---

const distinctUsers = `${base('failed_login')}---
title: Failed login
id: 0e95725d-7320-415d-80f7-004da920fc12
correlation:
    type: value_count
    rules: failed_login
    group-by:
        - ComputerName
        - WorkstationName
    timespan: 1d
    condition:
        field: User
        gte: 100
`;
const login = (ts: number, user: string, ws?: string): Feed => [
  'failed_login',
  ws === undefined
    ? { ComputerName: 'A', User: user }
    : { ComputerName: 'A', WorkstationName: ws, User: user },
  ts,
];

test('value_count counts distinct values: 150 logins of 99 users raise nothing; the 100th user does', () => {
  const feeds = times(150, MIN).map((t, i) => login(t, `u${i % 99}`, 'W'));
  assert.equal(run(distinctUsers, feeds).alerts.length, 0);
  const { alerts } = run(distinctUsers, [...feeds, login(150 * MIN, 'new', 'W')]);
  assert.deepEqual(alerts.map(brief), [
    {
      rule: 'Failed login',
      group: { ComputerName: 'A', WorkstationName: 'W' },
      value: 100,
      events: 151,
      firstTs: 0,
      lastTs: 150 * MIN,
    },
  ]);
});

test('value_count: a missing group-by field is a group of its own, reported as null', () => {
  const split = times(100, MIN).map((t, i) => login(t, `u${i}`, i % 2 ? 'W' : undefined));
  assert.equal(run(distinctUsers, split).alerts.length, 0);
  const { alerts } = run(
    distinctUsers,
    times(100, MIN).map((t, i) => login(t, `u${i}`)),
  );
  assert.deepEqual(alerts[0].group, { ComputerName: 'A', WorkstationName: null });
});

// --- temporal: the specification's reconnaissance example (a, b, c within 5m per host and user) ---

const recon = (condition = '') => `${base('recon_cmd_a')}---
${base('recon_cmd_b')}---
${base('recon_cmd_c')}---
title: Recon
correlation:
    type: temporal
    rules:
        - recon_cmd_a
        - recon_cmd_b
        - recon_cmd_c
    group-by:
        - ComputerName
        - User
    timespan: 5m
${condition}`;
const cmd = (x: string, ts: number, user = 'u'): Feed => [
  `recon_cmd_${x}`,
  { ComputerName: 'h', User: user },
  ts,
];

test('temporal: all three commands within 5 minutes, in any order, raise one alert', () => {
  const { alerts } = run(recon(), [cmd('c', 0), cmd('a', MIN), cmd('b', 4 * MIN)]);
  assert.deepEqual(alerts.map(brief), [
    {
      rule: 'Recon',
      group: { ComputerName: 'h', User: 'u' },
      value: 3,
      events: 3,
      firstTs: 0,
      lastTs: 4 * MIN,
    },
  ]);
  assert.equal(run(recon(), [cmd('c', 0), cmd('a', MIN), cmd('b', 4 * MIN, 'other')]).alerts.length, 0);
});

test('temporal: a command exactly 5 minutes after the first does not complete the set', () => {
  const feeds = [cmd('a', 0), cmd('b', 100_000), cmd('c', 5 * MIN)];
  assert.equal(run(recon(), feeds).alerts.length, 0);
  const { alerts } = run(recon(), [...feeds, cmd('a', 5 * MIN + 1000)]);
  assert.deepEqual(
    alerts.map((a) => [a.firstTs, a.lastTs, a.events]),
    [[100_000, 5 * MIN + 1000, 3]],
  );
});

test('temporal: a condition written as an expression over the rules', () => {
  const all = '    condition: recon_cmd_a AND recon_cmd_b AND recon_cmd_c\n';
  assert.equal(run(recon(all), [cmd('a', 0), cmd('c', MIN)]).alerts.length, 0);
  const some = "    condition: 'recon_cmd_a and (recon_cmd_b or recon_cmd_c)'\n";
  const { alerts } = run(recon(some), [cmd('c', 0), cmd('b', 1000), cmd('a', MIN)]);
  assert.deepEqual(
    alerts.map((a) => [a.value, a.lastTs]),
    [[3, MIN]],
  );
  const counted = '    condition:\n        gte: 2\n';
  assert.deepEqual(
    run(recon(counted), [cmd('c', 0), cmd('c', 1), cmd('b', 2)]).alerts.map((a) => a.value),
    [2],
  );
});

// --- temporal_ordered and chaining: the specification's "Failed Logins Followed by Successful Login" ---

const followedBy = (
  generate = '',
) => `title: Correlation - Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
correlation:
    type: temporal_ordered
    rules:
        - multiple_failed_login
        - successful_login
    group-by:
        - User
    timespan: 10m
level: high
---
title: Multiple failed logons
id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
name: multiple_failed_login
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - User
    timespan: 10m
    condition:
        gte: 10
${generate}---
title: Single failed login
id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
name: failed_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID:
            - 529
            - 4625
    condition: selection
---
title: Successful login
id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
name: successful_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID:
            - 528
            - 4624
    condition: selection
`;
const fail = (ts: number): Feed => ['failed_login', { User: 'bob', EventID: 4625 }, ts];
const success = (ts: number): Feed => ['successful_login', { User: 'bob', EventID: 4624 }, ts];

test('temporal_ordered over a correlation: ten failures then a success raise the chain', () => {
  const { alerts } = run(followedBy(), [...times(10, 1000).map(fail), success(20_000)]);
  assert.deepEqual(alerts.map(brief), [
    {
      rule: 'multiple_failed_login',
      group: { User: 'bob' },
      value: 10,
      events: 10,
      firstTs: 0,
      lastTs: 9000,
    },
    {
      rule: 'Correlation - Multiple Failed Logins Followed by Successful Login',
      group: { User: 'bob' },
      value: 2,
      events: 2,
      firstTs: 9000, // the chained alert is an event at its window's last time
      lastTs: 20_000,
    },
  ]);
  // The chain's evidence reaches through the inner alert to the eleven log lines.
  assert.deepEqual(
    alerts[1].evidence.map((e) => e.line),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  );
});

test('temporal_ordered: out of order or too late does not fire', () => {
  const reversed = run(followedBy(), [success(0), ...times(10, 1000, 1000).map(fail)]).alerts;
  assert.deepEqual(
    reversed.map((a) => a.rule.name),
    ['multiple_failed_login'],
  );
  const late = run(followedBy(), [...times(10, 1000).map(fail), success(9000 + 10 * MIN)]).alerts;
  assert.deepEqual(
    late.map((a) => a.rule.name),
    ['multiple_failed_login'],
  );
});

test('temporal_ordered: three rules must come in their order', () => {
  const text = `${base('a')}---\n${base('b')}---\n${base('c')}---
title: abc
correlation:
  type: temporal_ordered
  rules: [a, b, c]
  group-by: [host]
  timespan: 1m
`;
  const ev = (r: string, ts: number): Feed => [r, { host: 'h' }, ts];
  assert.equal(run(text, [ev('a', 0), ev('c', 1), ev('b', 2)]).alerts.length, 0);
  assert.deepEqual(run(text, [ev('a', 0), ev('c', 1), ev('b', 2), ev('c', 3)]).alerts.map(brief), [
    { rule: 'abc', group: { host: 'h' }, value: 3, events: 4, firstTs: 0, lastTs: 3 },
  ]);
});

test('generate: rules a correlation names are inputs only unless it says generate: true', () => {
  const loaded = load(followedBy());
  const names = (text: string) => {
    const l = load(text);
    return [...new CorrelationEngine(l.correlations, l.rules).inputsOnly].map((r) => r.name).sort();
  };
  assert.equal(loaded.correlations.length, 2);
  assert.deepEqual(names(followedBy()), ['failed_login', 'multiple_failed_login', 'successful_login']);
  assert.deepEqual(names(followedBy('    generate: true\n')), ['multiple_failed_login', 'successful_login']);
});

// --- aliases: the specification's internal_error / new_network_connection example ---

const aliases = `title: internal error
name: internal_error
logsource: {product: test}
detection:
    selection:
        http.response.status_code: 500
    condition: selection
---
title: new connection
name: new_network_connection
logsource: {product: test}
detection:
    selection:
        event.category: network
        event.type: connection
        event.outcome: success
    condition: selection
---
title: error then connection
correlation:
    type: temporal
    rules:
        - internal_error
        - new_network_connection
    group-by:
        - internal_ip
        - remote_ip
    timespan: 10s
    aliases:
        internal_ip:
            internal_error: destination.ip
            new_network_connection: source.ip
        remote_ip:
            internal_error: source.ip
            new_network_connection: destination.ip
`;

test('aliases group different fields of different rules together', () => {
  const error: Feed = ['internal_error', { 'destination.ip': '10.0.0.5', 'source.ip': '1.2.3.4' }, 0];
  const conn = (src: string): Feed => [
    'new_network_connection',
    { 'source.ip': src, 'destination.ip': '1.2.3.4' },
    5000,
  ];
  assert.deepEqual(
    run(aliases, [error, conn('10.0.0.5')]).alerts.map((a) => a.group),
    [{ internal_ip: '10.0.0.5', remote_ip: '1.2.3.4' }],
  );
  assert.equal(run(aliases, [error, conn('10.0.0.6')]).alerts.length, 0);
});

// --- value_sum, value_avg, value_max, value_min, value_median, value_percentile (tests/correlation/*.yml) ---

const metric = (type: string, condition: string, timespan = '1h') => `${base('website_access')}---
title: ${type}
correlation:
    type: ${type}
    rules:
        - website_access
    group-by:
        - SourceIP
        - User
    timespan: ${timespan}
    condition:
${condition}`;
const access = (ts: number, fields: Fields): Feed => [
  'website_access',
  { SourceIP: '10.1.1.1', User: 'u', ...fields },
  ts,
];

test('value_sum: 1.2 MB sent within an hour exceeds 1,000,000; 800 kB does not', () => {
  const text = metric('value_sum', '        field: bytes_sent\n        gt: 1000000\n');
  const sent = (ts: number) => access(ts, { bytes_sent: '400000' }); // numbers in text count as numbers
  assert.deepEqual(
    run(text, [sent(0), sent(30 * MIN), sent(59 * MIN)]).alerts.map((a) => [a.value, a.events]),
    [[1_200_000, 3]],
  );
  assert.equal(run(text, [sent(0), sent(30 * MIN), sent(HOUR)]).alerts.length, 0);
});

test('value_avg: the mean of BytesOut over 500; events without the field take no part', () => {
  const text = metric('value_avg', '        field: BytesOut\n        gt: 500\n', '24h');
  const { alerts } = run(text, [
    access(0, { BytesOut: 400 }),
    access(1, {}),
    access(2, { BytesOut: 'n/a' }),
    access(3, { BytesOut: 700 }),
  ]);
  assert.deepEqual(
    alerts.map((a) => [a.value, a.events, a.evidence.map((e) => e.line)]),
    [[550, 2, [1, 4]]],
  );
});

test('value_max: the greatest value reaches 100', () => {
  const text = metric('value_max', '        field: numeric_value\n        gte: 100\n', '30m');
  const alerts = run(text, [access(0, { numeric_value: 50 }), access(1, { numeric_value: 150 })]).alerts;
  assert.deepEqual(
    alerts.map((a) => [a.value, a.events]),
    [[150, 2]],
  );
});

test('value_min lte 400 (an upper bound) is judged when the window closes in event time', () => {
  const text = metric('value_min', '        field: BytesOut\n        lte: 400\n', '24h');
  const loaded = load(text);
  const alerts: CorrelationAlert[] = [];
  const engine = new CorrelationEngine(loaded.correlations, loaded.rules, { onAlert: (a) => alerts.push(a) });
  const feed = (ts: number, ip: string, bytes: number, line: number) =>
    engine.feed(loaded.rules[0], { SourceIP: ip, User: 'u', BytesOut: bytes }, ts, { file: 'log', line });
  feed(0, 'a', 1000, 1);
  feed(HOUR, 'a', 300, 2);
  feed(2 * HOUR, 'b', 500, 3);
  engine.advance(24 * HOUR - 1);
  assert.equal(alerts.length, 0, 'the window [0, 24h) is still open');
  engine.advance(24 * HOUR);
  assert.deepEqual(alerts.map(brief), [
    {
      rule: 'value_min',
      group: { SourceIP: 'a', User: 'u' },
      value: 300,
      events: 2,
      firstTs: 0,
      lastTs: HOUR,
    },
  ]);
  feed(23 * HOUR, 'b', 100, 4);
  assert.equal(engine.late, 1, 'event time has passed 24 h: an event of 23 h is late');
  engine.end();
  assert.equal(alerts.length, 1, "b's least value, 500, is over 400 (the late 100 is not judged)");
  assert.equal(engine.held, 0);
});

test('lt: each window is judged once when it closes, and at the end of input', () => {
  const text = `${base('hit')}---
title: few
correlation:
  type: event_count
  rules: hit
  group-by: host
  timespan: 1m
  condition:
    lt: 3
`;
  const hit = (host: string, ts: number): Feed => ['hit', { host }, ts];
  const burst = times(5, 1000).map((t) => hit('A', t));
  const { alerts } = run(text, [...burst, hit('B', 10_000), hit('C', 65_000)]);
  // A's window [0, 60 s) held 5 and closed at 65 s; B's and C's windows are judged at the end.
  assert.deepEqual(
    alerts.map((a) => [a.group.host, a.value]),
    [
      ['B', 1],
      ['C', 1],
    ],
  );
});

test('value_percentile needs its percentile; the 95th and the median interpolate between ranks', () => {
  const bare = metric('value_percentile', '        field: image\n        lte: 1\n', '24h');
  assert.deepEqual(rejections(bare), [
    "20 a value_percentile condition needs 'percentile' (0–100), e.g. percentile: 95",
  ]);
  const p95 = metric('value_percentile', '        field: v\n        percentile: 95\n        gte: 19\n');
  const values = (vs: number[]) => vs.map((v, i) => access(i, { v }));
  const alerts = run(p95, values(times(20, 1, 1))).alerts; // 1..20: the 95th of n values is 1 + (n − 1)·0.95
  assert.deepEqual(
    alerts.map((a) => [a.value, a.events]),
    [[19.05, 20]],
  );
  const median = metric('value_median', '        field: v\n        gte: 25\n');
  // A value leaving the window leaves the ranking: 5, 7 → 6; at 2.5 s, 5 is gone: 7, 6 → 6.5.
  const sliding = metric('value_median', '        field: v\n        gte: 6.5\n', '2s');
  const slid = run(sliding, [access(0, { v: 5 }), access(1000, { v: 7 }), access(2500, { v: 6 })]).alerts;
  assert.deepEqual(
    slid.map((a) => [a.value, a.events, a.firstTs]),
    [[6.5, 2, 1000]],
  );
  // 10 | 10, 40 → 25: alert, consumed | 20 | 20, 30 → 25: alert
  assert.deepEqual(
    run(median, values([10, 40, 20, 30])).alerts.map((a) => [a.value, a.events]),
    [
      [25, 2],
      [25, 2],
    ],
  );
});

// --- late events, eviction ---

test('a late event is judged on the events still held, and joins no later window', () => {
  const text = manyFailed.replace('gte: 100', 'gte: 3').replace('1h', '1m');
  const { alerts, engine } = run(text, [
    failed(10_000),
    failed(25_000),
    failed(30_000, 'B'),
    failed(15_000), // late: with 10 s, a window of 2
    failed(25_000), // late: with 10 s and 25 s, a window of 3, which takes them
    failed(40_000),
    failed(41_000), // 10 s and 25 s were consumed: a window of 2
  ]);
  assert.deepEqual(
    alerts.map((a) => [a.value, a.firstTs, a.lastTs, a.evidence.map((e) => e.line)]),
    [[3, 10_000, 25_000, [1, 2, 5]]],
  );
  assert.equal(engine.late, 2);
});

test('in any arrival order, an alert reports a real window: its own events, of one group, within the timespan (property)', () => {
  fc.assert(
    fc.property(
      eventsArb(1),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 2, max: 4 }),
      fc.nat(),
      (evs, spanS, k, seed) => {
        const order = evs
          .map((_, i) => i)
          .sort((a, b) => ((a * 7919 + seed) % 97) - ((b * 7919 + seed) % 97));
        for (const type of ['event_count', 'value_count']) {
          const field = type === 'value_count' ? ', field: v' : '';
          const text = `${base('r0')}---\ntitle: c\ncorrelation:\n  type: ${type}\n  rules: r0\n  group-by: host\n  timespan: ${spanS}s\n  condition: {gte: ${k}${field}}\n`;
          const loaded = load(text);
          const alerts: CorrelationAlert[] = [];
          const engine = new CorrelationEngine(loaded.correlations, loaded.rules, {
            onAlert: (a) => alerts.push(a),
          });
          for (const i of order)
            engine.feed(loaded.rules[0], { host: evs[i].host, v: evs[i].v }, evs[i].ts, {
              file: 'log',
              line: i + 1,
            });
          engine.end();
          const used = new Set<number>();
          for (const a of alerts) {
            const w = a.evidence.map((e) => evs[e.line - 1]);
            assert.ok(
              w.every(
                (e) =>
                  (e.host ?? null) === a.group.host && e.ts > a.lastTs - spanS * 1000 && e.ts <= a.lastTs,
              ),
            );
            const value = type === 'event_count' ? w.length : new Set(w.map((e) => e.v)).size;
            assert.equal(a.value, value);
            for (const e of a.evidence) {
              assert.ok(!used.has(e.line), 'an event is consumed by one alert');
              used.add(e.line);
            }
          }
        }
      },
    ),
    { numRuns: 200 },
  );
});

test('the ring of events grows (wrapped around) without losing any link', () => {
  // 800 events that retire, so the ring has wrapped; then 2400 within 0.6 s, falling from 10,000,
  // which grow it; then events of 0 from 1 s later, which retire the falling ones one by one.
  const feeds: Feed[] = [
    ...times(800, 1).map((t): Feed => ['r0', { host: 'w', v: 0 }, t]),
    ...times(2400, 0.25, 10_000).map((t, i): Feed => ['r0', { host: 'a', v: 10_000 - i }, t]),
    ...times(1200, 0.25, 11_000).map((t): Feed => ['r0', { host: 'a', v: 0 }, t]),
  ];
  const text = (type: string, condition: string) =>
    `${base('r0')}---\ntitle: c\ncorrelation:\n  type: ${type}\n  rules: r0\n  group-by: host\n  timespan: 1s\n  condition: {${condition}}\n`;
  const counted = run(text('event_count', 'gte: 2400'), feeds).alerts;
  assert.deepEqual(
    counted.map(brief).map((a) => [a.group.host, a.value, a.firstTs, a.lastTs]),
    [['a', 2400, 10_000, 10_000 + 2399 * 0.25]],
  );
  assert.deepEqual(
    counted[0].evidence.map((e) => e.line),
    [...times(99, 1, 801), 3200],
  );
  // At the j-th event of 0, the falling ones up to j have left: the greatest is 10,000 − (j + 1).
  const greatest = run(text('value_max', 'field: v, eq: 9500'), feeds).alerts;
  assert.deepEqual(
    greatest.map((a) => [a.value, a.firstTs, a.lastTs, a.events]),
    [[9500, 10_000 + 500 * 0.25, 11_000 + 499 * 0.25, 1900 + 500]],
  );
});

test('state is evicted by time: memory is the events of the last timespan', () => {
  const text = manyFailed.replace('1h', '1s');
  const { engine } = run(
    text,
    times(3000, 1).map((t, i) => failed(t, `h${i}`)),
    { end: false },
  );
  assert.equal(engine.held, 1000);
  assert.equal(engine.groups, 1000);
  engine.advance(10_000);
  assert.equal(engine.held + engine.groups, 0);
});

// --- rejections, located ---

const correlation = (body: string) => `title: c\ncorrelation:\n${body}`;

test('rejections name the line of the offending key', () => {
  const ok = '  type: event_count\n  rules: r\n  group-by: [h]\n  timespan: 5m\n  condition: {gte: 1}\n';
  const timespan = "'timespan' must be a whole number and a unit s, m, h or d (e.g. 5m, 90m, 1d), got";
  // [correlation body, line within the correlation document (title: 1), reason]
  const cases: [string, number, string][] = [
    [ok.replace('5m', '5x'), 6, `${timespan} '5x'`],
    [ok.replace('5m', '0m'), 6, `${timespan} '0m'`],
    [ok.replace('5m', '5M'), 6, `${timespan} '5M'`],
    [
      ok.replace('event_count', 'event_sum'),
      3,
      "unknown correlation type 'event_sum' (one of: event_count, value_count, temporal, temporal_ordered, value_sum, value_avg, value_min, value_max, value_median, value_percentile)",
    ],
    [
      ok.replace('  group-by: [h]\n', ''),
      2,
      "'correlation' needs 'group-by' (the fields that scope it; [] for one group)",
    ],
    [ok.replace('{gte: 1}', '{gte: 5, lt: 5}'), 7, 'no value meets this condition'],
    [ok.replace('event_count', 'value_count'), 7, "a value_count condition needs 'field'"],
    [ok.replace('{gte: 1}', '{gte: many}'), 7, "'gte' must be a number"],
    [
      ok.replace('{gte: 1}', '{gte: 1, field: x}'),
      7,
      "unknown key 'field' in a event_count condition (known: gt, gte, lt, lte, eq)",
    ],
    [
      ok.replace('group-by', 'groupby'),
      5,
      "unknown key 'groupby' in 'correlation' (known: type, rules, group-by, timespan, condition, aliases, generate)",
    ],
  ];
  for (const [body, line, reason] of cases)
    assert.deepEqual(rejections(`${base('r')}---\n${correlation(body)}`), [`${10 + line} ${reason}`]);
  const ordered =
    "  type: temporal_ordered\n  rules: [r, s]\n  group-by: [h]\n  timespan: 5m\n  condition: 'r or s'\n";
  assert.deepEqual(rejections(`${base('r')}---\n${base('s')}---\n${correlation(ordered)}`), [
    '27 a temporal_ordered condition can only require all its rules, in the order of rules',
  ]);
  const both = `${correlation(ok)}detection:\n  sel: {a: 1}\n  condition: sel\n`;
  assert.deepEqual(rejections(`${base('r')}---\n${both}`), [
    "18 a document has either 'detection' or 'correlation', not both",
  ]);
});

test('unresolved references, cycles and what depends on them are rejected at the correlation', () => {
  const doc = (name: string, rules: string) =>
    `title: ${name}\nname: ${name}\ncorrelation:\n  type: event_count\n  rules: ${rules}\n  group-by: [h]\n  timespan: 5m\n  condition: {gte: 2}\n`;
  const text = [
    base('r'),
    doc('unknown', '[r, missing]'),
    doc('x', '[y]'),
    doc('y', '[x]'),
    doc('z', '[unknown]'),
    doc('fine', '[r]'),
  ].join('---\n');
  const loaded = load(text);
  const engine = new CorrelationEngine(loaded.correlations, loaded.rules);
  assert.deepEqual(
    engine.rejected.map((r) => `${r.file}:${r.line} ${r.reason}`),
    [
      "mr.yml:11 correlation names rule 'missing', which is not loaded",
      "mr.yml:20 correlation is in a cycle: 'x' → 'y' → 'x'",
      "mr.yml:29 correlation is in a cycle: 'x' → 'y' → 'x'",
      "mr.yml:38 correlation names correlation 'unknown', which is rejected",
    ],
  );
  assert.deepEqual(
    engine.correlations.map((c) => c.name),
    ['fine'],
  );
  assert.deepEqual(
    [...engine.inputsOnly].map((r) => r.name),
    ['r'],
  );
});

// --- each type against a naive oracle ---

type Ev = { rule: number; host: string | undefined; v: number | undefined; ts: number };
type Want = {
  host: string | null;
  firstTs: number;
  lastTs: number;
  value: number;
  events: number;
  lines: number[];
};
type Case = {
  type: string;
  rules: number;
  spanS: number;
  cond?: Record<string, number>;
  expr?: string;
  percentile: number;
  events: Ev[];
};

/** For each event, the window recomputed from scratch; an alert consumes its events. */
function oracle(c: Case): Want[] {
  const span = c.spanS * 1000;
  const valued = c.type.startsWith('value_');
  const usable = (e: Ev) => !valued || e.v !== undefined;
  const out: Want[] = [];
  const consumed = new Set<number>();
  const measure = (w: Ev[]): number => {
    const vs = w.map((e) => e.v as number);
    const sorted = [...vs].sort((a, b) => a - b);
    const rank = (p: number) => {
      const h = ((vs.length - 1) * p) / 100;
      const lo = Math.floor(h);
      const hi = Math.min(lo + 1, vs.length - 1);
      return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    };
    switch (c.type) {
      case 'event_count':
        return w.length;
      case 'value_count':
        return new Set(vs).size;
      case 'value_sum':
        return vs.reduce((a, b) => a + b, 0);
      case 'value_avg':
        return vs.reduce((a, b) => a + b, 0) / vs.length;
      case 'value_min':
        return sorted[0];
      case 'value_max':
        return sorted[sorted.length - 1];
      case 'value_median':
        return rank(50);
      case 'value_percentile':
        return rank(c.percentile);
      case 'temporal':
        return new Set(w.map((e) => e.rule)).size;
      default: {
        let k = 0;
        for (const e of w) if (e.rule === k) k++;
        return Math.min(k, c.rules);
      }
    }
  };
  const meets = (w: Ev[], v: number): boolean => {
    if (c.expr) {
      const present = new Set(w.map((e) => e.rule));
      const js = c.expr.replace(/r(\d)/g, (_, i) => String(present.has(Number(i))));
      return Function(`return ${js.replaceAll('and', '&&').replaceAll('or', '||').replaceAll('not', '!')}`)();
    }
    const b = c.cond ?? { gte: c.rules };
    return (
      (b.gt === undefined || v > b.gt) &&
      (b.gte === undefined || v >= b.gte) &&
      (b.lt === undefined || v < b.lt) &&
      (b.lte === undefined || v <= b.lte) &&
      (b.eq === undefined || v === b.eq)
    );
  };
  const alert = (ids: number[]) => {
    const w = ids.map((i) => c.events[i]);
    const v = measure(w);
    if (meets(w, v)) {
      const host = w[0].host ?? null;
      out.push({
        host,
        firstTs: w[0].ts,
        lastTs: w[w.length - 1].ts,
        value: v,
        events: w.length,
        lines: ids.map((i) => i + 1),
      });
      return true;
    }
    return false;
  };
  const ids = c.events.map((_, i) => i);
  const same = (i: number, j: number) => c.events[i].host === c.events[j].host;
  const b = c.cond ?? {};
  if (c.expr || b.gt !== undefined || b.gte !== undefined || b.eq !== undefined || !c.cond) {
    for (const j of ids) {
      if (!usable(c.events[j])) continue;
      const t = c.events[j].ts;
      const w = ids.filter(
        (i) => i <= j && usable(c.events[i]) && !consumed.has(i) && same(i, j) && c.events[i].ts > t - span,
      );
      if (alert(w)) for (const i of w) consumed.add(i);
    }
  } else {
    for (const i of ids) {
      if (!usable(c.events[i]) || consumed.has(i)) continue;
      const t = c.events[i].ts;
      const w = ids.filter(
        (k) => k >= i && usable(c.events[k]) && !consumed.has(k) && same(k, i) && c.events[k].ts < t + span,
      );
      alert(w);
      for (const k of w) consumed.add(k);
    }
  }
  return out;
}

function engineAlerts(c: Case): Want[] {
  const names = Array.from({ length: c.rules }, (_, i) => `r${i}`);
  const condition = c.expr
    ? `  condition: '${c.expr}'\n`
    : c.cond
      ? `  condition: ${JSON.stringify({ ...c.cond, ...(c.type.startsWith('value_') ? { field: 'v' } : {}), ...(c.type === 'value_percentile' ? { percentile: c.percentile } : {}) })}\n`
      : '';
  const text = `${names.map(base).join('---\n')}---
title: corr
correlation:
  type: ${c.type}
  rules: [${names.join(', ')}]
  group-by: [host]
  timespan: ${c.spanS}s
${condition}`;
  const { alerts } = run(
    text,
    c.events.map((e) => [
      `r${e.rule}`,
      { host: e.host, v: c.type === 'value_count' && e.v !== undefined ? `x${e.v}` : e.v },
      e.ts,
    ]),
    { cap: 100_000 },
  );
  return alerts.map((a) => ({
    host: a.group.host,
    firstTs: a.firstTs,
    lastTs: a.lastTs,
    value: a.value,
    events: a.events,
    lines: a.evidence.map((e) => e.line),
  }));
}

const EXPRESSIONS: Record<number, string[]> = {
  1: ['r0'],
  2: ['r0 and r1', 'r0 or r1', 'r0 and not r1', 'not r0 or r1'],
  3: ['r0 and r1 and r2', 'r0 and (r1 or r2)', '(r0 or r1) and not r2', 'not r0 and r1 or r2'],
};
/**
 * Thresholds that let windows slide before they fire: lower bounds from the top of the values'
 * range (−3..12, or counts), upper bounds from the bottom; else most alerts take the first events.
 */
const conditionArb = (type: string): fc.Arbitrary<Record<string, number>> => {
  const values = type.startsWith('value_') && type !== 'value_count';
  const [low, high] =
    type === 'value_sum'
      ? [
          [-5, 10],
          [5, 40],
        ]
      : values
        ? [
            [-3, 6],
            [2, 13],
          ]
        : [
            [0, 4],
            [1, 6],
          ];
  const k = (range: number[]) => fc.integer({ min: range[0], max: range[1] });
  return fc.oneof(
    k(high).chain((n) => fc.constantFrom<Record<string, number>>({ gte: n }, { gt: n }, { eq: n })),
    k(low).chain((n) => fc.constantFrom<Record<string, number>>({ lt: n }, { lte: n })),
    fc.tuple(k(high), fc.integer({ min: 0, max: 6 })).map(([n, m]) => ({ gte: n, lte: n + m })),
    fc.tuple(k(high), fc.integer({ min: 1, max: 6 })).map(([n, m]) => ({ gt: n, lt: n + m })),
  );
};
const eventsArb = (rules: number) =>
  fc
    .array(
      fc.record({
        rule: fc.integer({ min: 0, max: rules - 1 }),
        host: fc.constantFrom('a', 'a', 'b', undefined),
        v: fc.option(fc.integer({ min: -3, max: 12 }), { nil: undefined, freq: 6 }),
        dt: fc.constantFrom(0, 100, 250, 250, 500, 1000, 1500, 3000),
      }),
      { maxLength: 150, size: 'max' }, // 'max': fast-check's default size stops near 10
    )
    .map((raw) => {
      let ts = 1_700_000_000_000;
      return raw.map(({ dt, ...e }) => {
        ts += dt;
        return { ...e, ts };
      });
    });

const TYPES = [
  'event_count',
  'value_count',
  'value_sum',
  'value_avg',
  'value_min',
  'value_max',
  'value_median',
  'value_percentile',
  'temporal',
  'temporal_ordered',
];
for (const type of TYPES) {
  test(`${type} raises what the naive oracle raises (property)`, () => {
    const temporal = type.startsWith('temporal');
    const caseArb = fc
      .integer({ min: 1, max: temporal ? 3 : 2 })
      .chain((rules) =>
        fc.record({
          type: fc.constant(type),
          rules: fc.constant(rules),
          spanS: fc.integer({ min: 1, max: 5 }),
          cond: temporal ? fc.option(conditionArb(type), { nil: undefined }) : conditionArb(type),
          expr:
            type === 'temporal'
              ? fc.option(fc.constantFrom(...EXPRESSIONS[rules]), { nil: undefined })
              : fc.constant(undefined),
          percentile: fc.integer({ min: 0, max: 100 }),
          events: eventsArb(rules),
        }),
      )
      .filter((c) => !(c.expr && c.cond) && (!c.cond || satisfiable(c.cond)));
    fc.assert(
      fc.property(caseArb, (c) => {
        assert.deepEqual(engineAlerts(c), oracle(c));
      }),
      { numRuns: type === 'value_median' || type === 'value_percentile' ? 600 : 300 },
    );
  });
}

function satisfiable(b: Record<string, number>): boolean {
  return Array.from({ length: 400 }, (_, i) => i / 4 - 20).some(
    (v) =>
      (b.gt === undefined || v > b.gt) &&
      (b.gte === undefined || v >= b.gte) &&
      (b.lt === undefined || v < b.lt) &&
      (b.lte === undefined || v <= b.lte) &&
      (b.eq === undefined || v === b.eq),
  );
}

test('correlations sharing group rows raise what each raises alone, as keys and the ring grow (property)', () => {
  // Ten correlations of every type over the same two rules and group-by: one table of rows, each
  // correlation's side by side. Run alone, each has a table of its own.
  const kinds: [type: string, condition: string][] = [
    ['event_count', 'gte: 3'],
    ['value_count', 'field: v, gte: 2'],
    ['value_sum', 'field: v, gte: 10'],
    ['value_avg', 'field: v, gte: 5'],
    ['value_min', 'field: v, lte: 0'],
    ['value_max', 'field: v, gte: 10'],
    ['value_median', 'field: v, gte: 6'],
    ['value_percentile', 'field: v, percentile: 90, gte: 8'],
    ['temporal', 'gte: 2'],
    ['temporal_ordered', 'gte: 2'],
  ];
  const correlationText = ([type, condition]: [string, string], i: number) =>
    `title: c${i}\nname: c${i}\ncorrelation:\n  type: ${type}\n  rules: [r0, r1]\n  group-by: host\n  timespan: 2s\n  condition: {${condition}}\n`;
  const rules = `${base('r0')}---\n${base('r1')}`;
  const events = fc.array(
    fc.record({
      rule: fc.constantFrom('r0', 'r1'),
      host: fc.oneof(
        fc.integer({ min: 0, max: 600 }).map((h) => `h${h}`),
        fc.constant('hot'),
      ),
      v: fc.option(fc.integer({ min: -3, max: 12 }), { nil: undefined, freq: 6 }),
      dt: fc.constantFrom(0, 1, 10, 100, 700),
    }),
    { minLength: 1, maxLength: 1500, size: 'max' }, // 'max': fast-check's default size stops near 10
  );
  const summary = (alerts: CorrelationAlert[], name: string) =>
    alerts
      .filter((a) => a.rule.name === name)
      .map((a) => ({ ...brief(a), lines: a.evidence.map((e) => e.line) }));
  fc.assert(
    fc.property(events, (evs) => {
      let ts = 0;
      const feeds = evs.map((e): Feed => {
        ts += e.dt;
        return [e.rule, { host: e.host, v: e.v }, ts];
      });
      const together = run([rules, ...kinds.map(correlationText)].join('---\n'), feeds).alerts;
      kinds.forEach((kind, i) => {
        const alone = run(`${rules}---\n${correlationText(kind, i)}`, feeds).alerts;
        assert.deepEqual(summary(together, `c${i}`), summary(alone, `c${i}`), kind[0]);
      });
    }),
    { numRuns: 40 },
  );
});
