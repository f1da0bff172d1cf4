/** Background web traffic: readers, crawlers, hostile-looking probes, an uptime monitor, editors. */
import { END, HOUR, MINUTE, SECOND, START } from '../clock.ts';
import type { Writers } from '../writers.ts';
import { type AddressBook, backgroundRequest as get, type Labeller, moment } from './common.ts';

const SITE = 'https://www.example.org';
const PAGES = [
  '/',
  '/blog/',
  '/about/',
  '/contact/',
  '/pricing/',
  '/feed/',
  '/tag/security/',
  '/blog/page/2/',
  '/?s=ssh+keys',
  '/docs/getting-started/',
  '/docs/configuration/',
  '/blog/2025/12/year-in-review/',
  '/blog/2025/12/backups-that-restore/',
  '/blog/2025/11/tuning-nginx/',
];
const ASSETS = [
  '/wp-content/themes/example/style.css?ver=6.7.1',
  '/wp-includes/js/jquery/jquery.min.js?ver=3.7.1',
  '/wp-content/themes/example/js/site.js?ver=1.4',
  '/wp-content/uploads/2025/12/hero.webp',
  '/favicon.ico',
];
export const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
];
const CRAWLERS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 42 subscribers)',
];
const SCANNER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.129 Safari/537.36';
/** Probes that look hostile but attempt no login (a GET of xmlrpc.php answers 405). */
const PROBES: Array<[string, number]> = [
  ['/.env', 404],
  ['/.git/config', 404],
  ['/wp-admin/setup-config.php', 404],
  ['/phpmyadmin/', 404],
  ['/xmlrpc.php', 405],
  ['/wp-includes/wlwmanifest.xml', 200],
  ['/cgi-bin/luci/;stok=/locale', 404],
  ['/actuator/health', 404],
  ['/server-status', 403],
];

/** A reader (or crawler) reading a few pages; browsers fetch the assets of the first page. */
export function visit(w: Writers, address: string, start: number, mayBeCrawler = true): void {
  const { rng } = w;
  const crawler = mayBeCrawler && rng.chance(0.15);
  const userAgent = crawler ? rng.pick(CRAWLERS) : rng.pick(BROWSERS);
  let t = start;
  let referer = !crawler && rng.chance(0.4) ? 'https://www.google.com/' : '-';
  if (crawler && rng.chance(0.5)) get(w, { address, at: t, path: '/robots.txt', userAgent });
  for (let i = rng.int(1, 5), first = true; i > 0; i--, first = false) {
    const missing = rng.chance(0.03);
    const page = missing ? '/blog/2019/03/old-post/' : rng.pick(PAGES);
    get(w, { address, at: t, path: page, status: missing ? 404 : 200, referer, userAgent });
    if (!crawler && first) {
      const cached = rng.chance(0.3);
      for (const path of ASSETS) {
        if (!rng.chance(0.7)) continue;
        const status = path === '/favicon.ico' && rng.chance(0.5) ? 404 : cached ? 304 : 200;
        get(w, { address, at: t + rng.int(0, 2) * SECOND, path, status, referer: SITE + page, userAgent });
      }
    }
    if (!crawler && rng.chance(0.03)) {
      // A comment: WordPress redirects back to the post. Not a login endpoint.
      t += rng.int(20, 120) * SECOND;
      const path = '/wp-comments-post.php';
      get(w, { address, at: t, method: 'POST', path, status: 302, referer: SITE + page, userAgent });
    }
    if (!crawler && rng.chance(0.02)) {
      // Curious readers open the login form and leave: a GET, not an attempt.
      get(w, { address, at: t + 4 * SECOND, path: '/wp-login.php', referer: SITE + page, userAgent });
    }
    referer = SITE + page;
    t += rng.int(5, 90) * SECOND;
  }
}

export function probes(w: Writers, addresses: AddressBook, count: number): void {
  for (let i = 0; i < count; i++) {
    const [path, status] = w.rng.pick(PROBES);
    const at = moment(w.rng, START, END);
    get(w, { address: addresses.scanner(), at, path, status, userAgent: SCANNER_UA });
  }
}

export function uptimeMonitor(w: Writers, label: Labeller): void {
  const address = '198.18.0.9';
  const note = 'uptime monitor: GET /status/ with basic-auth credentials every 30 minutes (successes)';
  label({ address, role: 'benign', note });
  for (let t = START + 7 * MINUTE; t < END; t += 30 * MINUTE) {
    const userAgent = 'Uptime-Kuma/1.23.16';
    w.web.request({
      address,
      at: t,
      path: '/status/',
      status: 200,
      user: 'monitor',
      userAgent,
      expect: 'success',
    });
  }
}

/** A WordPress editor's session; one in ten mistypes once (a 200 re-render) before the 302. */
export function editSession(w: Writers, address: string, start: number, userAgent: string): void {
  const { rng } = w;
  const form = `${SITE}/wp-login.php`;
  const admin = `${SITE}/wp-admin/`;
  const loginPost = (at: number, status: number, expect: 'failure' | 'success') =>
    w.web.request({
      address,
      at,
      method: 'POST',
      path: '/wp-login.php',
      status,
      referer: form,
      userAgent,
      expect,
    });
  let t = start;
  get(w, { address, at: t, path: '/wp-login.php', userAgent });
  if (rng.chance(0.1)) {
    t += rng.int(6, 20) * SECOND;
    loginPost(t, 200, 'failure');
  }
  t += rng.int(6, 20) * SECOND;
  loginPost(t, 302, 'success');
  get(w, { address, at: t + SECOND, path: '/wp-admin/', referer: form, userAgent });
  t += rng.int(10, 60) * SECOND;
  get(w, {
    address,
    at: t,
    path: `/wp-admin/post.php?post=${rng.int(100, 999)}&action=edit`,
    referer: admin,
    userAgent,
  });
  for (let k = rng.int(1, 4); k > 0; k--) {
    t += 60 * SECOND; // WordPress's heartbeat while the editor is open
    get(w, { address, at: t, method: 'POST', path: '/wp-admin/admin-ajax.php', referer: admin, userAgent });
  }
  get(w, {
    address,
    at: t + 20 * SECOND,
    method: 'POST',
    path: '/wp-admin/post.php',
    status: 302,
    userAgent,
  });
}

export function homeEditors(w: Writers, addresses: AddressBook, sessions: number, label: Labeller): void {
  for (const name of ['tom', 'li']) {
    const address = addresses.person();
    label({
      address,
      role: 'benign',
      note: `WordPress editor ${name} working from home; may mistype the password once`,
    });
    const userAgent = w.rng.pick(BROWSERS);
    for (let i = 0; i < sessions; i++) editSession(w, address, moment(w.rng, START, END - HOUR), userAgent);
  }
}
