/**
 * Benchmark data for `bench/bruteforce`: ~SIZE MiB of mixed, time-ordered logs with brute-force campaigns.
 *
 *   node bench/bruteforce/generate.ts --out bench/out/bruteforce-1024 --size 1024 [--seed 42]
 *
 * Writes access.log (combined format, ~70% of the bytes), auth.log.1.gz (the older, rotated part of the
 * SSH log) and auth.log (~30% together), plus meta.json (bytes and lines per file). Year 2025, UTC.
 * The span grows with the size (~28 days per GiB), and so do the client and campaign counts, so every
 * size has the same traffic density. Campaigns run at 0.2–20 attempts a minute: about half of them
 * exceed 10 attempts within 5 minutes. Every `pam_unix(sshd:auth): authentication failure` line is
 * followed by a `Failed …` line of the same pid (docs/DEFINITIONS.md counts the pair once), and no SSH
 * login exchange straddles the rotation point.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' },
    size: { type: 'string', default: '1024' },
    seed: { type: 'string', default: '42' },
  },
});
if (!args.out) throw new Error('usage: generate.ts --out DIR --size MiB [--seed N]');
const OUT = args.out;
const SIZE_MB = Number(args.size);
const TOTAL = SIZE_MB * 2 ** 20;
const DAYS = Math.max(1, SIZE_MB / (1024 / 28));
const START = Date.UTC(2025, 2, 1) / 1000; // seconds
const END = START + Math.round(DAYS * 86400);
const HOST = 'web-01';

// ---------- seeded PRNG (mulberry32) and helpers ----------
let seed = Number(args.seed) >>> 0;
function rnd(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const expo = (mean: number) => -mean * Math.log(1 - rnd());
const logUniform = (a: number, b: number) => a * (b / a) ** rnd();
const hex = () => int(1, 0xffff).toString(16);
const V6_PREFIXES = ['2a01:4f8', '2001:41d0', '2607:f8b0', '2a02:c207', '240e:3b7', '2604:a880', '2a03:b0c0'];
function ipv4(): string {
  let a = int(1, 223);
  while (a === 10 || a === 127 || a === 100) a = int(1, 223);
  return `${a}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;
}
// RFC 5952 canonical (compressed, lower case), as the peers and Picket print it
const ipv6 = () => `${pick(V6_PREFIXES)}:${hex()}:${hex()}::${hex()}`;
const anyIp = (v6share: number) => (rnd() < v6share ? ipv6() : ipv4());
const port = () => int(1024, 65535);
let pidCounter = 1000;
const nextPid = () => {
  pidCounter += int(1, 40);
  if (pidCounter > 4_194_000) pidCounter = 400;
  return pidCounter;
};

// ---------- time formatting (cached per day) ----------
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const P2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
function dayFormatter(format: (d: Date) => string, suffix: string) {
  let day = -1;
  let prefix = '';
  return (t: number) => {
    const d = Math.floor(t / 86400);
    if (d !== day) {
      day = d;
      prefix = format(new Date(d * 86_400_000));
    }
    const s = t - d * 86400;
    return `${prefix}${P2[Math.floor(s / 3600)]}:${P2[Math.floor(s / 60) % 60]}:${P2[s % 60]}${suffix}`;
  };
}
const syslogTime = dayFormatter((d) => `${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} `, '');
const clfTime = dayFormatter(
  (d) => `${P2[d.getUTCDate()]}/${MON[d.getUTCMonth()]}/${d.getUTCFullYear()}:`,
  ' +0000',
);

// ---------- event queue: a min-heap on (time, insertion order) of lines and scheduled actions ----------
type Item = { t: number; q: number; p: string; s: string; f: (() => void) | null };
const heap: Item[] = [];
let seq = 0;
const before = (a: Item, b: Item) => a.t < b.t || (a.t === b.t && a.q < b.q);
function push(it: Item) {
  let i = heap.push(it) - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i], heap[parent])) break;
    [heap[i], heap[parent]] = [heap[parent], heap[i]];
    i = parent;
  }
}
function pop(): Item {
  const top = heap[0];
  const last = heap.pop() as Item;
  if (heap.length) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l], heap[m])) m = l;
      if (r < heap.length && before(heap[r], heap[m])) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }
  return top;
}
/** A line at time t: `p + time(t) + s`. */
const line = (t: number, p: string, s: string) => push({ t: Math.floor(t), q: seq++, p, s, f: null });
const at = (t: number, f: () => void) => push({ t: Math.floor(t), q: seq++, p: '', s: '', f });
/** A Poisson process: calls f at rate 1/mean from START to END. */
function every(mean: number, f: (t: number) => void) {
  let t = START + expo(mean);
  const tick = () => {
    f(t);
    t += expo(mean);
    if (t < END) at(t, tick);
  };
  at(t, tick);
}

// ---------- output ----------
class Out {
  bytes = 0;
  lines = 0;
  last = 0;
  private parts: string[] = [];
  private len = 0;
  private sink: Writable;
  private file: Writable;
  readonly path: string;
  constructor(path: string, gzip: boolean) {
    this.path = path;
    this.file = createWriteStream(path);
    if (gzip) {
      const gz = createGzip();
      gz.pipe(this.file);
      this.sink = gz;
    } else this.sink = this.file;
  }
  add(t: number, s: string) {
    this.parts.push(s);
    this.len += s.length;
    this.lines++;
    this.last = t;
  }
  get full() {
    return this.len > 1 << 20;
  }
  async flush() {
    const chunk = this.parts.join('');
    this.parts = [];
    this.bytes += this.len; // ASCII only
    this.len = 0;
    if (!this.sink.write(chunk)) await once(this.sink, 'drain');
  }
  async close() {
    await this.flush();
    this.sink.end();
    await once(this.file, 'close');
    utimesSync(this.path, this.last + 1, this.last + 1); // mtime just after the last line (year inference)
  }
}

/** Drains the queue in time order into route(t)'s file. */
async function run(format: (t: number) => string, route: (t: number) => Out) {
  while (heap.length) {
    const it = pop();
    if (it.f) {
      it.f();
      continue;
    }
    const o = route(it.t);
    o.add(it.t, it.p + format(it.t) + it.s);
    if (o.full) await o.flush();
  }
}

// =====================================================================================================
// Web: access.log
// =====================================================================================================
const PAGES = [
  '/',
  '/blog/',
  '/blog/2025/02/securing-your-llm-gateway/',
  '/blog/2025/01/gpu-scheduling-on-kubernetes/',
  '/blog/2024/12/vector-database-benchmarks/',
  '/docs/getting-started/',
  '/docs/api/v2/authentication/',
  '/pricing/',
  '/about/',
  '/contact/',
  '/products/inference-server/',
  '/careers/',
  '/feed/',
  '/search/?q=gpu+quota',
  '/tag/security/',
  '/category/news/page/2/',
];
const ASSETS = [
  '/wp-content/themes/astra/style.min.css?ver=4.6.4',
  '/wp-includes/js/jquery/jquery.min.js?ver=3.7.1',
  '/wp-content/uploads/2025/02/hero-1920x1080.webp',
  '/wp-content/uploads/2024/11/logo.svg',
  '/wp-content/plugins/contact-form-7/includes/css/styles.css?ver=5.9.3',
  '/static/js/app.3f9c1e7a.js',
  '/static/css/main.8a1b2c44.css',
  '/fonts/inter-var.woff2',
  '/favicon.ico',
];
const PROBES = [
  '/.env',
  '/.git/config',
  '/phpmyadmin/index.php',
  '/wp-admin/setup-config.php',
  '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php',
  '/cgi-bin/luci/;stok=/locale',
  '/actuator/gateway/routes',
  '/.aws/credentials',
  '/config.json',
  '/server-status',
  '/owa/auth/logon.aspx?replaceCurrent=1',
  '/solr/admin/info/system?wt=json',
  '/wp-content/plugins/wp-file-manager/readme.txt',
  '/admin/.env',
];
const UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:135.0) Gecko/20100101 Firefox/135.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36 Edg/133.0.0.0',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
];
const ATTACK_UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:62.0) Gecko/20100101 Firefox/62.0',
  'python-requests/2.31.0',
  'Go-http-client/1.1',
  'curl/8.5.0',
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:77.0) Gecko/20100101 Firefox/77.0',
];
const SCAN_UAS = ['Mozilla/5.0 zgrab/0.x', 'Mozilla/5.0 (compatible; CensysInspect/1.1)', '-', 'curl/7.88.1'];
const SITE = 'https://example.com';

/** A request line (without time) for client ip at t. */
function req(
  t: number,
  ip: string,
  m: string,
  path: string,
  status: number,
  bytes: number,
  ref: string,
  ua: string,
  user = '-',
) {
  line(
    t,
    `${ip} - ${user} [`,
    `] "${m} ${path} ${rnd() < 0.8 ? 'HTTP/1.1' : 'HTTP/2.0'}" ${status} ${bytes} "${ref}" "${ua}"\n`,
  );
}

function webVisit(t: number, ip: string) {
  const ua = rnd() < 0.9 ? pick(UAS.slice(0, 6)) : pick(UAS.slice(6));
  const page = pick(PAGES);
  const ref = rnd() < 0.4 ? 'https://www.google.com/' : rnd() < 0.5 ? '-' : SITE + pick(PAGES);
  const r = rnd();
  const status = r < 0.9 ? 200 : r < 0.95 ? 304 : r < 0.98 ? 301 : 404;
  req(t, ip, 'GET', page, status, status === 200 ? int(8000, 60000) : status === 404 ? 548 : 0, ref, ua);
  if (ua.includes('bot')) return;
  const assets = Math.min(ASSETS.length, Math.floor(expo(4)));
  for (let i = 0; i < assets; i++) {
    const cached = rnd() < 0.35;
    req(
      t + int(0, 2),
      ip,
      'GET',
      ASSETS[i],
      cached ? 304 : 200,
      cached ? 0 : int(900, 90000),
      SITE + page,
      ua,
    );
  }
  const x = rnd();
  if (x < 0.004) {
    // WordPress login: a typo re-renders the form (200), a success redirects (302)
    req(t + 3, ip, 'GET', '/wp-login.php', 200, 4810, SITE + page, ua);
    let tt = t + int(8, 20);
    if (rnd() < 0.2) {
      req(tt, ip, 'POST', '/wp-login.php', 200, 5120, `${SITE}/wp-login.php`, ua);
      tt += int(5, 15);
    }
    req(tt, ip, 'POST', '/wp-login.php', 302, 0, `${SITE}/wp-login.php`, ua);
    req(tt + 1, ip, 'GET', '/wp-admin/', 200, 51234, `${SITE}/wp-login.php`, ua);
  } else if (x < 0.007) {
    // HTTP basic auth: challenge (401), then the credentials (200 with the user)
    req(t + 2, ip, 'GET', '/admin/', 401, 381, '-', ua);
    req(t + int(4, 9), ip, 'GET', '/admin/', 200, 7211, '-', ua, 'alice');
  } else if (x < 0.01) {
    const ok = rnd() < 0.9;
    req(
      t + int(5, 30),
      ip,
      'POST',
      '/users/sign_in',
      ok ? 302 : 200,
      ok ? 0 : 6304,
      `${SITE}/users/sign_in`,
      ua,
    );
  } else if (x < 0.03) {
    req(
      t + int(1, 20),
      ip,
      'POST',
      pick(['/wp-admin/admin-ajax.php', '/contact/', '/api/v1/events']),
      200,
      int(20, 900),
      SITE + page,
      ua,
    );
  }
}

function webScanner(t: number, ip: string) {
  const ua = pick(SCAN_UAS);
  if (rnd() < 0.3)
    line(t, `${ip} - - [`, `] "\\x16\\x03\\x01\\x00\\xee\\x01\\x00\\x00\\xea\\x03\\x03" 400 157 "-" "-"\n`);
  if (rnd() < 0.2) line(t, `${ip} - - [`, `] "-" 408 0 "-" "-"\n`);
  const n = int(3, 40);
  for (let i = 0; i < n; i++)
    req(t + i * int(0, 2), ip, 'GET', pick(PROBES), rnd() < 0.9 ? 404 : 403, 548, '-', ua);
  if (rnd() < 0.2) req(t + n * 2, ip, 'POST', '/boaform/admin/formLogin', 404, 548, '-', ua);
}

type WebKind = 'wp' | 'xmlrpc' | 'basic' | 'api';
/** One web brute-force attempt; the last one of a lucky campaign succeeds. */
function webAttempt(t: number, ip: string, kind: WebKind, ua: string, success: boolean) {
  if (kind === 'wp')
    req(
      t,
      ip,
      'POST',
      '/wp-login.php',
      success ? 302 : 200,
      success ? 0 : int(5100, 5200),
      `${SITE}/wp-login.php`,
      ua,
    );
  else if (kind === 'xmlrpc') req(t, ip, 'POST', '/xmlrpc.php', 200, success ? 1710 : 403, '-', ua);
  else if (kind === 'basic')
    req(t, ip, 'GET', '/admin/', success ? 200 : 401, success ? 7211 : 381, '-', ua, success ? 'admin' : '-');
  else req(t, ip, 'POST', '/api/v2/auth/login', success ? 200 : 401, success ? 712 : 64, '-', ua);
}

/** A campaign: `total` attempts at ~rpm a minute, from one address. */
function campaign(start: number, rpm: number, total: number, attempt: (t: number, i: number) => void) {
  const gap = 60 / rpm;
  let t = start;
  for (let i = 0; i < total && t < END; i++) {
    const tt = t;
    const k = i;
    at(tt, () => attempt(tt, k));
    t += gap * (0.5 + rnd());
  }
}

const sshIps: string[] = []; // SSH campaign addresses, some reused by web campaigns (findings in both logs)
const nSsh = Math.ceil(SIZE_MB * 0.4);
const nWeb = Math.ceil(SIZE_MB * 0.25);
for (let i = 0; i < nSsh; i++) sshIps.push(anyIp(0.1));

async function generateWeb() {
  const out = new Out(join(OUT, 'access.log'), false);
  const clients = Array.from({ length: Math.round(6000 * DAYS) }, () => anyIp(0.2));
  const client = () => clients[Math.floor(clients.length * rnd() ** 2)];
  const webBytes = TOTAL * 0.7;
  every((86400 * DAYS) / (webBytes / 1070), (t) => webVisit(t, client()));
  every(240, (t) => webScanner(t, anyIp(0.05)));
  for (let c = 0; c < nWeb; c++) {
    const ip = rnd() < 0.1 ? pick(sshIps) : anyIp(0.15);
    const kind = pick<WebKind>(['wp', 'wp', 'wp', 'xmlrpc', 'basic', 'api']);
    const ua = pick(ATTACK_UAS);
    const total = Math.round(logUniform(5, 400));
    const success = rnd() < 0.05;
    const start = START + rnd() * (END - START);
    if (kind === 'wp') req(start - 2, ip, 'GET', '/wp-login.php', 200, 4810, '-', ua);
    campaign(start, logUniform(0.2, 20), total, (t, i) =>
      webAttempt(t, ip, kind, ua, success && i === total - 1),
    );
  }
  await run(clfTime, () => out);
  await out.close();
  return [out];
}

// =====================================================================================================
// SSH: auth.log.1.gz (older part) + auth.log
// =====================================================================================================
const INVALID_USERS = (
  'admin test user ubuntu oracle postgres git ftpuser guest pi support mysql hadoop ec2-user centos debian ' +
  'minecraft sol solana validator jenkins ansible user1 administrator dev test1 tomcat es elastic steam'
).split(' ');
const VALID_USERS = ['root', 'root', 'root', 'deploy'];
const sshd = (pid: number) => ` ${HOST} sshd[${pid}]: `;
let rotation = 0; // auth.log.1.gz holds t < rotation; no login exchange starts in the 2 minutes before it
const quiet = (t: number) => t >= rotation - 120 && t < rotation;

/** One SSH connection from ip trying `tries` passwords for user; MaxAuthTries 6. */
function sshConnection(t: number, ip: string, user: string, tries: number, accepted = false) {
  if (quiet(t)) return;
  const pid = nextPid();
  const p = port();
  const h = sshd(pid);
  const valid = VALID_USERS.includes(user);
  const who = valid ? user : `invalid user ${user}`;
  const rhost = `logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}${valid ? `  user=${user}` : ''}`;
  const failed = `Failed password for ${who} from ${ip} port ${p} ssh2`;
  if (!valid) line(t, '', `${h}Invalid user ${user} from ${ip} port ${p}\n`);
  if (!valid) line(t, '', `${h}pam_unix(sshd:auth): check pass; user unknown\n`);
  line(t, '', `${h}pam_unix(sshd:auth): authentication failure; ${rhost}\n`);
  t += int(2, 3);
  line(t, '', `${h}${failed}\n`);
  if (tries > 2 && rnd() < 0.5) {
    // rsyslog folds identical consecutive messages
    t += (tries - 1) * int(2, 3);
    line(t, '', `${h}message repeated ${tries - 1} times: [ ${failed}]\n`);
  } else {
    for (let i = 1; i < tries; i++) {
      t += int(2, 3);
      line(t, '', `${h}${failed}\n`);
    }
  }
  if (accepted) {
    line(t + 2, '', `${h}Accepted password for ${user} from ${ip} port ${p} ssh2\n`);
    line(t + 2, '', `${h}pam_unix(sshd:session): session opened for user ${user}(uid=0) by (uid=0)\n`);
    line(t + 2, '', ` ${HOST} systemd-logind[612]: New session ${int(1000, 99999)} of user ${user}.\n`);
    return;
  }
  t += 1;
  if (tries >= 6) {
    line(
      t,
      '',
      `${h}error: maximum authentication attempts exceeded for ${who} from ${ip} port ${p} ssh2 [preauth]\n`,
    );
    line(
      t,
      '',
      `${h}Disconnecting ${valid ? 'authenticating' : 'invalid'} user ${user} ${ip} port ${p}: Too many authentication failures [preauth]\n`,
    );
  } else {
    line(t, '', `${h}Received disconnect from ${ip} port ${p}:11: Bye Bye [preauth]\n`);
    line(
      t,
      '',
      `${h}Disconnected from ${valid ? 'authenticating' : 'invalid'} user ${user} ${ip} port ${p} [preauth]\n`,
    );
  }
  if (tries > 1) line(t, '', `${h}PAM ${tries - 1} more authentication failures; ${rhost}\n`);
}

/** Background bot traffic: each address of a large pool shows up rarely. */
function sshNoise(t: number, ip: string) {
  if (quiet(t)) return;
  const h = sshd(nextPid());
  const r = rnd();
  if (r < 0.6) sshConnection(t, ip, rnd() < 0.4 ? 'root' : pick(INVALID_USERS), pick([1, 1, 1, 2, 3]));
  else if (r < 0.75) line(t, '', `${h}Connection closed by ${ip} port ${port()} [preauth]\n`);
  else if (r < 0.85)
    line(t, '', `${h}error: kex_exchange_identification: Connection closed by remote host\n`);
  else if (r < 0.9)
    line(t, '', `${h}banner exchange: Connection from ${ip} port ${port()}: invalid format\n`);
  else if (r < 0.95) {
    line(
      t,
      '',
      `${h}Unable to negotiate with ${ip} port ${port()}: no matching host key type found. Their offer: ssh-rsa,ssh-dss [preauth]\n`,
    );
  } else {
    const u = pick(INVALID_USERS);
    const p = port();
    line(t, '', `${h}Invalid user ${u} from ${ip} port ${p}\n`);
    line(t + 1, '', `${h}Failed none for invalid user ${u} from ${ip} port ${p} ssh2\n`);
    line(t + 1, '', `${h}Connection closed by invalid user ${u} ${ip} port ${p} [preauth]\n`);
  }
}

const OFFICE = ['198.51.100.23', '198.51.100.24', '203.0.113.77', '2001:db8:5e1f:20::17'];
let session = 4000;
function adminLogin(t: number) {
  if (quiet(t)) return;
  const ip = pick(OFFICE);
  const user = pick(['deploy', 'deploy', 'alice']);
  const uid = user === 'deploy' ? 1000 : 1001;
  const pid = nextPid();
  const h = sshd(pid);
  const p = port();
  const s = session++;
  const logind = ` ${HOST} systemd-logind[612]: `;
  line(
    t,
    '',
    `${h}Accepted publickey for ${user} from ${ip} port ${p} ssh2: ED25519 SHA256:Xq8vRkq0pD7H1l4t7b3cN0m2fFz9sYhWJwE5uA6iTgQ\n`,
  );
  line(t, '', `${h}pam_unix(sshd:session): session opened for user ${user}(uid=${uid}) by (uid=0)\n`);
  line(t, '', `${logind}New session ${s} of user ${user}.\n`);
  const end = t + int(60, 5400);
  if (rnd() < 0.5) {
    const ts = t + int(10, end - t - 5);
    line(
      ts,
      '',
      ` ${HOST} sudo:   ${user} : TTY=pts/0 ; PWD=/home/${user} ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx\n`,
    );
    if (rnd() < 0.03) {
      line(
        ts,
        '',
        ` ${HOST} sudo: pam_unix(sudo:auth): authentication failure; logname=${user} uid=${uid} euid=0 tty=/dev/pts/0 ruser=${user} rhost=  user=${user}\n`,
      );
    }
    line(
      ts,
      '',
      ` ${HOST} sudo: pam_unix(sudo:session): session opened for user root(uid=0) by ${user}(uid=${uid})\n`,
    );
    line(ts + 2, '', ` ${HOST} sudo: pam_unix(sudo:session): session closed for user root\n`);
  }
  line(end, '', `${h}Received disconnect from ${ip} port ${p}:11: disconnected by user\n`);
  line(end, '', `${h}Disconnected from user ${user} ${ip} port ${p}\n`);
  line(end, '', `${h}pam_unix(sshd:session): session closed for user ${user}\n`);
  line(end, '', `${logind}Session ${s} logged out. Waiting for processes to exit.\n`);
  line(end, '', `${logind}Removed session ${s}.\n`);
}

function cron(t: number) {
  const pid = nextPid();
  const user = rnd() < 0.8 ? 'root' : 'www-data';
  const uid = user === 'root' ? 0 : 33;
  line(
    t,
    '',
    ` ${HOST} CRON[${pid}]: pam_unix(cron:session): session opened for user ${user}(uid=${uid}) by (uid=0)\n`,
  );
  line(
    t + int(0, 40),
    '',
    ` ${HOST} CRON[${pid}]: pam_unix(cron:session): session closed for user ${user}\n`,
  );
}

async function generateAuth() {
  // logrotate's daily run, 06:25, about a third into the span
  rotation = Math.floor((START + (END - START) / 3) / 86400) * 86400 + 6 * 3600 + 25 * 60;
  const old = new Out(join(OUT, 'auth.log.1.gz'), true);
  const cur = new Out(join(OUT, 'auth.log'), false);
  const spanDays = (END - START) / 86400;
  const authBytes = TOTAL * 0.3;
  const bots = Array.from({ length: Math.round(1500 * spanDays) }, () => anyIp(0.1));
  every(30, cron);
  every(1800, adminLogin);
  every((86400 * spanDays) / (authBytes / 525), (t) => sshNoise(t, pick(bots)));
  for (const ip of sshIps) {
    const user = rnd() < 0.6 ? 'root' : pick(INVALID_USERS);
    const perConn = pick([1, 1, 2, 3, 4, 6]);
    const total = Math.round(logUniform(5, 400));
    const conns = Math.ceil(total / perConn);
    const success = rnd() < 0.05 && user === 'root';
    const start = START + rnd() * (END - START);
    campaign(start, logUniform(0.2, 20) / perConn, conns, (t, i) => {
      const u = user === 'root' || rnd() < 0.5 ? user : pick(INVALID_USERS);
      sshConnection(t, ip, u, perConn, success && i === conns - 1);
    });
  }
  await run(syslogTime, (t) => (t < rotation ? old : cur));
  await old.close();
  await cur.close();
  return [old, cur];
}

// =====================================================================================================
mkdirSync(OUT, { recursive: true });
const t0 = performance.now();
const files = [...(await generateWeb()), ...(await generateAuth())];
const meta = {
  generator: 'bench/bruteforce/generate.ts v1',
  sizeMB: SIZE_MB,
  seed: Number(args.seed),
  from: new Date(START * 1000).toISOString(),
  to: new Date(END * 1000).toISOString(),
  campaigns: { ssh: nSsh, web: nWeb },
  files: files.map((o) => ({ name: o.path.split('/').pop(), bytes: o.bytes, lines: o.lines })),
  bytes: files.reduce((a, o) => a + o.bytes, 0),
  lines: files.reduce((a, o) => a + o.lines, 0),
  seconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
};
writeFileSync(join(OUT, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
console.error(
  `generated ${(meta.bytes / 2 ** 20).toFixed(0)} MiB, ${meta.lines} lines in ${meta.seconds}s → ${OUT}`,
);
