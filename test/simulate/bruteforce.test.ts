/**
 * The brute-force scenario: files as logrotate leaves them, each planted case on its side of the
 * edge it tests, and a ground truth that agrees with a recount of the written files done here by
 * plain string matching (the test shares no code with the generator's bookkeeping).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { PicketError } from '../../src/core/errors.ts';
import { type GroundTruth, simulateBruteforce } from '../../src/simulate/index.ts';

const FILES = {
  web: ['access.log.2.gz', 'access.log.1', 'access.log'],
  ssh: ['auth.log.2.gz', 'auth.log.1', 'auth.log'],
} as const;
const ALL_FILES = [...FILES.web, ...FILES.ssh, 'ground-truth.json'];
const WINDOW_MS = 300_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

let root: string;
let dir: string;
let truth: GroundTruth;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'picket-simulate-'));
  dir = join(root, 'seed-7');
  truth = await simulateBruteforce({ outDir: dir, seed: 7 });
});
after(() => rm(root, { recursive: true, force: true }));

async function readLines(directory: string, name: string): Promise<string[]> {
  const raw = await readFile(join(directory, name));
  const text = name.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return text.split('\n').filter((l) => l !== '');
}

function addressOf(caseId: string): string {
  const label = truth.labels.find((l) => l.case === caseId);
  assert.ok(label, `no label for case ${caseId}`);
  return label.address;
}

// ---- an independent recount of the files -------------------------------------------------------

type Seen = { address: string; log: 'web' | 'ssh'; t: number; count: number; outcome: 'failure' | 'success' };

/** Syslog has no year: the file's mtime year, minus one for months after the mtime's month. */
function syslogTime(line: string, mtime: Date): number {
  const m = /^(\w{3}) ([ \d]\d) (\d\d):(\d\d):(\d\d) /.exec(line);
  assert.ok(m, `not a syslog line: ${line}`);
  const month = MONTHS.indexOf(m[1]);
  const year = month > mtime.getUTCMonth() ? mtime.getUTCFullYear() - 1 : mtime.getUTCFullYear();
  return Date.UTC(year, month, Number(m[2].trim()), Number(m[3]), Number(m[4]), Number(m[5]));
}

function clfTime(stamp: string): number {
  const m = /^(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) \+0000$/.exec(stamp);
  assert.ok(m, `bad access-log time ${stamp}`);
  return Date.UTC(Number(m[3]), MONTHS.indexOf(m[2]), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** Every line of one log with its time, in file order, oldest file first. */
async function timedLines(
  directory: string,
  log: 'web' | 'ssh',
): Promise<Array<{ t: number; line: string }>> {
  const out: Array<{ t: number; line: string }> = [];
  for (const name of FILES[log]) {
    const mtime = (await stat(join(directory, name))).mtime;
    for (const line of await readLines(directory, name)) {
      const t = log === 'ssh' ? syslogTime(line, mtime) : clfTime(line.split('[')[1].split(']')[0]);
      out.push({ t, line });
    }
  }
  return out;
}

/** Failed/Accepted lines (1 each) and `message repeated N times: [ Failed …` (N); nothing else counts. */
async function recountSsh(directory: string): Promise<Seen[]> {
  const seen: Seen[] = [];
  for (const { t, line } of await timedLines(directory, 'ssh')) {
    const failed = / sshd\[\d+\]: Failed \S+ for (?:invalid user )?\S+ from (\S+) port \d+ ssh2$/.exec(line);
    const repeated =
      / sshd\[\d+\]: message repeated (\d+) times: \[ Failed \S+ for .* from (\S+) port \d+ ssh2\]$/.exec(
        line,
      );
    const accepted = / sshd\[\d+\]: Accepted \S+ for \S+ from (\S+) port \d+ ssh2/.exec(line);
    if (failed) seen.push({ address: failed[1], log: 'ssh', t, count: 1, outcome: 'failure' });
    if (repeated)
      seen.push({ address: repeated[2], log: 'ssh', t, count: Number(repeated[1]), outcome: 'failure' });
    if (accepted) seen.push({ address: accepted[1], log: 'ssh', t, count: 1, outcome: 'success' });
  }
  return seen;
}

/** 401/407; POST to wp-login.php or xmlrpc.php answered 2xx; wp-login 3xx or a basic-auth user = success. */
async function recountWeb(directory: string): Promise<Seen[]> {
  const seen: Seen[] = [];
  for (const { t, line } of await timedLines(directory, 'web')) {
    const m = /^(\S+) - (\S+) \[[^\]]+\] "(\S+) (\S+) HTTP\/1\.1" (\d{3}) /.exec(line);
    assert.ok(m, `not a combined-format line: ${line}`);
    const [, address, user, method, url, statusText] = m;
    const path = url.split('?')[0];
    const status = Number(statusText);
    const loginPost = method === 'POST' && (path.endsWith('/wp-login.php') || path.endsWith('/xmlrpc.php'));
    let outcome: Seen['outcome'] | undefined;
    if (status === 401 || status === 407) outcome = 'failure';
    else if (loginPost && status >= 200 && status < 300) outcome = 'failure';
    else if (loginPost && status >= 300 && status < 400) outcome = 'success';
    else if (user !== '-' && status < 400) outcome = 'success';
    if (outcome) seen.push({ address, log: 'web', t, count: 1, outcome });
  }
  return seen;
}

function naivePeak(failures: Seen[]): number {
  let peak = 0;
  for (const end of failures) {
    const inside = failures.filter((a) => a.t > end.t - WINDOW_MS && a.t <= end.t);
    peak = Math.max(
      peak,
      inside.reduce((n, a) => n + a.count, 0),
    );
  }
  return peak;
}

// ---- files ----------------------------------------------------------------------------------------

test('writes the six rotated logs and the ground truth', async () => {
  for (const name of ALL_FILES) assert.ok((await stat(join(dir, name))).size > 0, name);
  assert.deepEqual(
    truth.files.map((f) => f.name),
    [...FILES.web, ...FILES.ssh],
  );
  const onDisk = JSON.parse(await readFile(join(dir, 'ground-truth.json'), 'utf8'));
  assert.deepEqual(onDisk, truth);
});

test('the .2.gz files are real gzip and decompress', async () => {
  for (const name of ['access.log.2.gz', 'auth.log.2.gz']) {
    const raw = await readFile(join(dir, name));
    assert.deepEqual([raw[0], raw[1]], [0x1f, 0x8b], `${name} gzip magic`);
    assert.match(gunzipSync(raw).toString('utf8'), /^(Dec 30|\S+ - \S+ \[30\/Dec\/2025)/);
  }
});

test('line counts are plausible and match the ground truth', async () => {
  for (const log of ['web', 'ssh'] as const) {
    let total = 0;
    for (const name of FILES[log]) {
      const n = (await readLines(dir, name)).length;
      assert.equal(n, truth.files.find((f) => f.name === name)?.lines, name);
      assert.ok(n >= 300, `${name} has only ${n} lines`);
      total += n;
    }
    assert.ok(total >= 2_000 && total <= 10_000, `${log}: ${total} lines`);
  }
});

test('each file has an mtime just after its last line, so syslog years can be inferred', async () => {
  for (const entry of truth.files) {
    const mtimeMs = (await stat(join(dir, entry.name))).mtimeMs;
    assert.equal(mtimeMs, Date.parse(entry.mtime), entry.name);
    const last = Date.parse(entry.lastTimestamp ?? '');
    assert.ok(
      mtimeMs > last && mtimeMs - last <= 31_000,
      `${entry.name}: mtime ${entry.mtime}, last ${entry.lastTimestamp}`,
    );
  }
  // auth.log.1 spans New Year: December lines in a file stamped 2026.
  const lines = await readLines(dir, 'auth.log.1');
  assert.ok(lines[0].startsWith('Dec 31 ') && lines[lines.length - 1].startsWith('Jan  1 '));
  assert.equal((await stat(join(dir, 'auth.log.1'))).mtime.getUTCFullYear(), 2026);
});

test('the rotated files split one timeline, a few lines up to 30 s late', async () => {
  for (const log of ['web', 'ssh'] as const) {
    const lines = await timedLines(dir, log);
    let newest = Number.NEGATIVE_INFINITY;
    let late = 0;
    for (const { t, line } of lines) {
      assert.ok(t >= newest - 30_000, `more than 30 s late: ${line}`);
      if (t < newest) late++;
      newest = Math.max(newest, t);
    }
    assert.ok(late > 0, `${log}: no out-of-order line`);
    assert.ok(
      lines[0].t >= Date.UTC(2025, 11, 30) && lines[0].t < Date.UTC(2025, 11, 31),
      `${log} starts Dec 30`,
    );
    assert.ok(newest >= Date.UTC(2026, 0, 2) && newest < Date.UTC(2026, 0, 3), `${log} ends Jan 2`);
  }
});

test("every pam_unix authentication failure is followed by its pid's Failed line in the same file", async () => {
  for (const name of FILES.ssh) {
    const lines = await readLines(dir, name);
    lines.forEach((line, i) => {
      const pam = / sshd\[(\d+)\]: pam_unix\(sshd:auth\): authentication failure;/.exec(line);
      if (!pam) return;
      const follows = lines.slice(i + 1).some((l) => l.includes(` sshd[${pam[1]}]: Failed `));
      assert.ok(follows, `${name}:${i + 1} pam line without a Failed line: ${line}`);
    });
  }
});

// ---- planted cases --------------------------------------------------------------------------------

const PLANTED = [
  { id: 'ssh-burst-10', log: 'ssh', peak: 10 },
  { id: 'ssh-burst-11', log: 'ssh', peak: 11 },
  { id: 'ssh-edge-5m00', log: 'ssh', peak: 10 },
  { id: 'ssh-edge-4m59', log: 'ssh', peak: 11 },
  { id: 'ssh-slow', log: 'ssh', peak: 10 },
  { id: 'ssh-late-line', log: 'ssh', peak: 11 },
  { id: 'ssh-across-rotation', log: 'ssh', peak: 12 },
  { id: 'ssh-new-year', log: 'ssh', peak: 15 },
  { id: 'ssh-compromised', log: 'ssh', peak: 24, compromised: true },
  { id: 'ssh-repeated', log: 'ssh', peak: 12 },
  { id: 'ssh-lines-not-attempts', log: 'ssh', peak: 9 },
  { id: 'ssh-ipv6', log: 'ssh', peak: 18 },
  { id: 'web-wp-login', log: 'web', peak: 40 },
  { id: 'web-basic-auth', log: 'web', peak: 30 },
  { id: 'web-xmlrpc', log: 'web', peak: 25 },
  { id: 'web-burst-10', log: 'web', peak: 10 },
  { id: 'web-burst-11', log: 'web', peak: 11 },
  { id: 'web-edge-5m00', log: 'web', peak: 10 },
  { id: 'web-edge-4m59', log: 'web', peak: 11 },
  { id: 'web-lines-not-attempts', log: 'web', peak: 9 },
  { id: 'web-late-line', log: 'web', peak: 11 },
  { id: 'web-slow', log: 'web', peak: 10 },
  { id: 'web-across-rotation', log: 'web', peak: 12 },
  { id: 'web-new-year', log: 'web', peak: 16 },
  { id: 'web-compromised-wp', log: 'web', peak: 20, compromised: true },
  { id: 'web-compromised-basic', log: 'web', peak: 15, compromised: true },
  { id: 'web-ipv6', log: 'web', peak: 30 },
  { id: 'combined-only', log: 'ssh', peak: 6 },
  { id: 'combined-only', log: 'web', peak: 6 },
] as const;

for (const c of PLANTED) {
  const flagged = c.peak > 10;
  test(`${c.id} (${c.log}): peak ${c.peak}, ${flagged ? 'flagged' : 'not flagged'}`, () => {
    const address = addressOf(c.id);
    const peak = truth.peaks.perLog.find((f) => f.address === address && f.log === c.log);
    assert.equal(peak?.peakCount, c.peak);
    const expected = truth.expected.perLog.find((f) => f.address === address && f.log === c.log);
    assert.equal(expected !== undefined, flagged);
    assert.equal(peak?.compromised, 'compromised' in c && c.compromised);
  });
}

test('combined-only is flagged with --combined alone', () => {
  const address = addressOf('combined-only');
  assert.deepEqual(
    truth.expected.combined.find((f) => f.address === address),
    {
      address,
      peakCount: 12,
      compromised: false,
    },
  );
  assert.equal(truth.expected.perLog.filter((f) => f.address === address).length, 0);
});

test('the office NAT is benign but crosses the definition, with logins after the failures', () => {
  const label = truth.labels.find((l) => l.role === 'office-nat');
  assert.ok(label);
  const flag = truth.expected.perLog.find((f) => f.address === label.address && f.log === 'ssh');
  assert.ok(flag && flag.peakCount >= 12 && flag.compromised, JSON.stringify(flag));
});

test('a username probe that never tries a password has no attempts at all', () => {
  const address = addressOf('ssh-username-probe');
  assert.equal(truth.labels.find((l) => l.address === address)?.role, 'scanner');
  assert.equal(truth.totals[address], undefined);
  assert.equal(
    truth.peaks.perLog.find((f) => f.address === address),
    undefined,
  );
});

test('only planted attackers and the office NAT are expected', () => {
  const roles = new Map(truth.labels.map((l) => [l.address, l.role]));
  for (const f of [...truth.expected.perLog, ...truth.expected.combined]) {
    assert.ok(['attacker', 'office-nat'].includes(roles.get(f.address) ?? ''), f.address);
  }
});

// ---- the ground truth agrees with the files -------------------------------------------------------

test('grep: 203.0.113.70 wrote 2 Failed lines that stand for 12 attempts', async () => {
  const address = addressOf('ssh-repeated');
  const lines = (await readLines(dir, 'auth.log')).filter((l) => l.includes(` from ${address} port `));
  const failedLines = lines.filter((l) => / sshd\[\d+\]: Failed password /.test(l));
  const repeats = lines.flatMap((l) => {
    const m = /message repeated (\d+) times: \[ Failed password /.exec(l);
    return m ? [Number(m[1])] : [];
  });
  assert.equal(failedLines.length, 2);
  assert.equal(failedLines.length + repeats.reduce((a, b) => a + b, 0), 12);
  assert.deepEqual(truth.totals[address], { ssh: 12 });
});

test('grep: 198.51.100.7 POSTed /wp-login.php 40 times, each answered 200', async () => {
  const address = addressOf('web-wp-login');
  const lines = (await readLines(dir, 'access.log.2.gz')).filter((l) => l.startsWith(`${address} `));
  assert.equal(lines.filter((l) => l.includes('"POST /wp-login.php HTTP/1.1" 200 ')).length, 40);
  assert.equal(lines.filter((l) => l.includes('"GET /wp-login.php HTTP/1.1" 200 ')).length, 1);
  assert.deepEqual(truth.totals[address], { web: 40 });
});

test('a recount of every file gives the same totals and peaks as the ground truth', async () => {
  const seen = [...(await recountSsh(dir)), ...(await recountWeb(dir))];
  const totals: GroundTruth['totals'] = {};
  const failuresBy = new Map<string, Seen[]>();
  for (const s of seen.filter((x) => x.outcome === 'failure')) {
    totals[s.address] = { ...totals[s.address], [s.log]: (totals[s.address]?.[s.log] ?? 0) + s.count };
    const key = `${s.log} ${s.address}`;
    failuresBy.set(key, [...(failuresBy.get(key) ?? []), s]);
  }
  assert.deepEqual(totals, truth.totals);
  assert.equal(failuresBy.size, truth.peaks.perLog.length);
  for (const f of truth.peaks.perLog) {
    assert.equal(
      naivePeak(failuresBy.get(`${f.log} ${f.address}`) ?? []),
      f.peakCount,
      `${f.log} ${f.address}`,
    );
  }
});

// ---- determinism and options ------------------------------------------------------------------------

test('the same seed writes the same bytes and mtimes; another seed differs', async () => {
  const again = join(root, 'seed-7-again');
  const other = join(root, 'seed-8');
  await simulateBruteforce({ outDir: again, seed: 7 });
  const otherTruth = await simulateBruteforce({ outDir: other, seed: 8 });
  for (const name of ALL_FILES) {
    assert.ok((await readFile(join(dir, name))).equals(await readFile(join(again, name))), name);
  }
  for (const name of [...FILES.web, ...FILES.ssh]) {
    assert.equal((await stat(join(dir, name))).mtimeMs, (await stat(join(again, name))).mtimeMs, name);
  }
  assert.ok(!(await readFile(join(dir, 'access.log'))).equals(await readFile(join(other, 'access.log'))));
  const flagged = (t: GroundTruth) => t.expected.perLog.map((f) => `${f.log} ${f.address}`);
  assert.deepEqual(
    flagged(otherTruth).filter((k) => !k.includes(' 192.0.2.10')),
    flagged(truth).filter((k) => !k.includes(' 192.0.2.10')),
  );
});

test('scale multiplies benign traffic and leaves the planted cases alone', async () => {
  const small = await simulateBruteforce({ outDir: join(root, 'half'), seed: 7, scale: 0.5 });
  const lines = (t: GroundTruth) => t.files.reduce((n, f) => n + f.lines, 0);
  assert.ok(lines(small) < lines(truth));
  const planted = (t: GroundTruth) =>
    t.peaks.perLog.filter((f) => t.labels.some((l) => l.address === f.address && l.role === 'attacker'));
  assert.deepEqual(planted(small), planted(truth));
});

test('rejects a bad seed or scale with a USAGE error', async () => {
  for (const opts of [{ seed: 1.5 }, { scale: 0 }, { scale: Number.NaN }, { scale: -1 }]) {
    await assert.rejects(simulateBruteforce({ outDir: join(root, 'never'), ...opts }), (err: unknown) => {
      return err instanceof PicketError && err.code === 'USAGE';
    });
  }
});
