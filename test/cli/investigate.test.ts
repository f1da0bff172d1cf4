import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

const FIX = 'test/fixtures/bruteforce';

function picket(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, ['src/cli/main.ts', ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('--help works on every command', () => {
  for (const args of [
    ['--help'],
    ['investigate', '--help'],
    ['simulate', 'bruteforce', '--help'],
    ['demo', '--help'],
  ]) {
    const r = picket(args);
    assert.equal(r.code, 0, args.join(' '));
    assert.match(r.stdout, /Usage: picket/);
  }
});

test('the hand-built fixture: flagged addresses, peaks, success and evidence', () => {
  const r = picket(['investigate', '--jsonl', '--year', '2025', `${FIX}/auth.log`, `${FIX}/access.log`]);
  assert.equal(r.code, 0, r.stderr);
  const findings = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  // Planned by hand in test/fixtures/bruteforce/README.md: 203.0.113.5 (11 SSH attempts in 4 min, then
  // logs in) ranks first; 2001:db8::9 (12 wp-login POSTs in 110 s). Exactly-10 and 5:00-apart are not flagged.
  assert.deepEqual(
    findings.map((f) => [f.address, f.logs, f.compromised, f.peak.count, f.failures]),
    [
      ['203.0.113.5', ['ssh'], true, 11, 11],
      ['2001:db8::9', ['web'], false, 12, 12],
    ],
  );
  const [ssh, web] = findings;
  assert.equal(ssh.peak.start, '2025-03-03T10:00:00.000Z');
  assert.equal(ssh.peak.end, '2025-03-03T10:04:00.000Z');
  assert.equal(ssh.firstFailure.evidence, `${FIX}/auth.log:2`); // the Failed line; line 1 is its pam_unix twin
  assert.deepEqual(ssh.success, {
    time: '2025-03-03T10:06:00.000Z',
    user: 'root',
    log: 'ssh',
    failuresBefore: 11,
    evidence: `${FIX}/auth.log:23`,
  });
  assert.deepEqual(ssh.users, { distinct: 1, top: [{ name: 'root', count: 11 }] });
  assert.equal(web.peak.start, '2025-03-03T10:00:00.000Z'); // 11:00 +0100
  assert.equal(web.peak.end, '2025-03-03T10:01:50.000Z');
  assert.match(r.stderr, /1 line\(s\) not understood/);
  assert.match(r.stderr, new RegExp(`${FIX}/access.log:\\d+ .*this is not an access log line`));
});

test('--combined, --threshold and --fail-on-findings', () => {
  const r = picket([
    'investigate',
    '--jsonl',
    '--combined',
    '--threshold',
    '9',
    '--fail-on-findings',
    '--year',
    '2025',
    FIX,
  ]);
  assert.equal(r.code, 1);
  const got = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .map((f) => [f.address, f.peak.count]);
  // threshold 9: now exactly-10 counts; 192.0.2.44 holds 10 in a window (any 10 consecutive of its 30 s-spaced 401s).
  assert.deepEqual(got, [
    ['203.0.113.5', 11],
    ['2001:db8::9', 12],
    ['192.0.2.44', 10],
    ['198.51.100.7', 10],
  ]);
});

test('stdin, and --csv', () => {
  const r = picket(
    ['investigate', '--csv', '--year', '2025', '-'],
    spawnSync('cat', [`${FIX}/auth.log`]).stdout,
  );
  assert.equal(r.code, 0, r.stderr);
  const [head, row] = r.stdout.trim().split('\n');
  assert.match(head, /^address,logs,compromised,peak_count/);
  assert.match(row, /^203\.0\.113\.5,ssh,true,11,/);
  assert.match(row, /<stdin>:2,<stdin>:2\.\.<stdin>:22,<stdin>:23$/);
});

test('bad input: clear messages naming the file, partial results, never a stack trace', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'picket-bad-'));
  await writeFile(
    join(dir, 'garbage.bin'),
    Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)),
  );
  await writeFile(join(dir, 'empty.log'), '');
  await writeFile(join(dir, 'notes.txt'), 'shopping list\neggs\nmilk\n');
  // A truncated archive of the fixture: its first attempts must still count.
  const gz = gzipSync(await readFile(`${FIX}/auth.log`));
  await writeFile(join(dir, 'auth.log.2.gz'), gz.subarray(0, gz.length - 200));
  // A web log with a 10 MB line and invalid UTF-8 around real lines.
  const web = await readFile(`${FIX}/access.log`, 'utf8');
  const [first, ...rest] = web.split('\n');
  await writeFile(
    join(dir, 'access.log'),
    Buffer.concat([
      Buffer.from(`${first}\n${'x'.repeat(10_000_000)}\n`),
      Buffer.from([0xc3, 0x28, 10]),
      Buffer.from(rest.join('\n')),
    ]),
  );
  const r = picket(['investigate', '--year', '2025', dir, `${FIX}/auth.log`, join(dir, 'missing.log')]);
  assert.equal(r.code, 0, 'something was read, so not a usage error');
  assert.match(r.stdout, /203\.0\.113\.5/);
  assert.match(r.stderr, /garbage\.bin:1 INPUT_BINARY/);
  assert.match(r.stderr, /notes\.txt:1 FORMAT_UNKNOWN .*shopping list/);
  assert.match(r.stderr, /empty\.log: empty/);
  assert.match(r.stderr, /missing\.log INPUT_NOT_FOUND/);
  assert.match(r.stderr, /auth\.log\.2\.gz:\d+ INPUT_TRUNCATED gzip stream ends early/);
  assert.match(r.stderr, /access\.log:2 line longer than 1048576 bytes, skipped/);
  assert.match(r.stderr, /access\.log:3 invalid UTF-8/);
  assert.match(r.stdout, /2001:db8::9/, 'the web attack survives the damaged lines around it');
  assert.doesNotMatch(r.stderr + r.stdout, /\n\s+at /);
});

test('exit 2 when nothing could be read, or on a usage error', () => {
  const missing = picket(['investigate', '/nonexistent/auth.log']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /\/nonexistent\/auth\.log INPUT_NOT_FOUND/);
  assert.equal(picket(['investigate']).code, 2);
  const badWindow = picket(['investigate', '--window', 'soon', `${FIX}/auth.log`]);
  assert.equal(badWindow.code, 2);
  assert.match(badWindow.stderr, /--window must be a duration/);
  assert.equal(picket(['investigate', '--tz', 'Mars/Olympus', `${FIX}/auth.log`]).code, 2);
  const badFormat = picket(['investigate', '--log-format', '%h %{Referer', `${FIX}/access.log`]);
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.stderr, /FORMAT_STRING_INVALID/);
});
