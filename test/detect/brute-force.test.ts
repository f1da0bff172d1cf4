import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BruteForceDetector, type LoginAttempt } from '../../src/detect/index.ts';

const T0 = Date.UTC(2025, 2, 1, 12, 0, 0);
const MIN = 60_000;

function attempt(p: Partial<LoginAttempt> & { ts: number; address: string }): LoginAttempt {
  return { log: 'ssh', outcome: 'failure', count: 1, file: 'auth.log', line: 1, ...p };
}

/** Feeds attempts in time order; returns the hits by address. */
function run(attempts: LoginAttempt[], combined = false) {
  const d = new BruteForceDetector({ threshold: 10, windowMs: 5 * MIN, combined });
  for (const a of [...attempts].sort((x, y) => x.ts - y.ts)) d.add(a);
  return { hits: new Map(d.hits().map((h) => [`${h.address} ${h.summary.logs.join('+')}`, h.summary])), d };
}

test('IPv4, IPv6 and host-name keys are counted apart, each exactly', () => {
  const addresses = ['203.0.113.9', '2001:db8::7', 'scanner.example.net', '203.0.113.90'];
  const attempts = addresses.flatMap((address, k) =>
    Array.from({ length: 11 + k }, (_, i) => attempt({ ts: T0 + i * 1000, address, line: 100 * k + i + 1 })),
  );
  const { hits, d } = run(attempts);
  assert.equal(d.distinctKeys, 4);
  for (const [k, address] of addresses.entries()) {
    const s = hits.get(`${address} ssh`);
    assert.ok(s, address);
    assert.equal(s.failures, 11 + k);
    assert.equal(s.peak?.count, 11 + k);
    assert.deepEqual(s.firstFailure?.evidence, { file: 'auth.log', line: 100 * k + 1 });
    assert.deepEqual(s.peak?.last, { file: 'auth.log', line: 100 * k + 11 + k });
  }
});

test('users: every name tried, with its count, the first one included', () => {
  // 12 attempts in one minute: root ×5, admin ×4 (one of them `message repeated 2 times`), 2 more names.
  const names = ['root', 'admin', 'root', 'oracle', 'root', 'admin', 'root', 'admin', 'test', 'root'];
  const attempts = names.map((user, i) =>
    attempt({ ts: T0 + i * 1000, address: '198.51.100.4', user, count: i === 5 ? 2 : 1, line: i + 1 }),
  );
  attempts.push(attempt({ ts: T0 + 20_000, address: '198.51.100.4', line: 11 })); // no user
  const s = run(attempts).hits.get('198.51.100.4 ssh');
  assert.ok(s);
  assert.equal(s.failures, 12);
  assert.deepEqual([...s.users].sort(), [
    ['admin', 4],
    ['oracle', 1],
    ['root', 5],
    ['test', 1],
  ]);
});

test('per log, the same address is two keys; combined, one — and files keep their own evidence', () => {
  const web = Array.from({ length: 6 }, (_, i) =>
    attempt({ ts: T0 + i * 1000, address: '192.0.2.1', log: 'web', file: 'access.log', line: i + 1 }),
  );
  const ssh = Array.from({ length: 6 }, (_, i) =>
    attempt({ ts: T0 + 500 + i * 1000, address: '192.0.2.1', file: 'auth.log', line: 50 + i }),
  );
  assert.equal(run([...web, ...ssh]).hits.size, 0); // 6 and 6: neither log alone exceeds 10
  const { hits, d } = run([...web, ...ssh], true);
  assert.equal(d.distinctKeys, 1);
  const s = hits.get('192.0.2.1 web+ssh');
  assert.ok(s);
  assert.equal(s.peak?.count, 12);
  assert.deepEqual(s.peak?.first, { file: 'access.log', line: 1 });
  assert.deepEqual(s.peak?.last, { file: 'auth.log', line: 55 });
});

test('a success counts as the compromise only from the start of the first window that crossed', () => {
  const a = '203.0.113.50';
  const before = attempt({ ts: T0 - 10 * MIN, address: a, outcome: 'success', user: 'early', line: 1 });
  const burst = Array.from({ length: 11 }, (_, i) =>
    attempt({ ts: T0 + i * 10_000, address: a, line: 10 + i }),
  );
  // A success inside the crossing window, logged before the 11th failure that crossed it.
  const inside = attempt({ ts: T0 + 95_000, address: a, outcome: 'success', user: 'deploy', line: 20 });
  const s = run([before, ...burst, inside]).hits.get(`${a} ssh`);
  assert.ok(s);
  assert.equal(s.success?.user, 'deploy');
  assert.equal(s.success?.failuresBefore, 10);
  assert.deepEqual(s.success?.evidence, { file: 'auth.log', line: 20 });
});
