/** Planted web cases: form, xmlrpc and basic-auth brute force, and the same edges as for SSH. */
import { at, every } from '../clock.ts';
import type { Writers } from '../writers.ts';
import {
  BROWSER_UA,
  basicAuthFailures,
  type PlantedCase,
  plus,
  wpLoginFailures,
  xmlrpcPosts,
} from './case.ts';

const GUESSED_USERS = ['admin', 'root', 'administrator', 'user', 'test'];

/** A look at the login form: not an attempt, however many times it is fetched. */
function getLoginForm(w: Writers, address: string, t: number): void {
  w.web.request({
    address,
    at: t,
    path: '/wp-login.php',
    status: 200,
    bytes: 4_387,
    userAgent: BROWSER_UA,
    expect: 'none',
  });
}

export const WEB_CASES: PlantedCase[] = [
  {
    case: 'web-wp-login',
    address: '198.51.100.7',
    role: 'attacker',
    note: '40 POST /wp-login.php answered 200 (the form re-rendered: failed) in 156 s',
    plant: (w) => {
      getLoginForm(w, '198.51.100.7', at('2025-12-30T11:00:00'));
      wpLoginFailures(w, '198.51.100.7', every(at('2025-12-30T11:00:04'), 4, 40));
    },
  },
  {
    case: 'web-basic-auth',
    address: '198.51.100.8',
    role: 'attacker',
    note: '30 HTTP basic-auth 401s on /admin/ in 145 s, guessing 5 user names',
    plant: (w) =>
      basicAuthFailures(w, '198.51.100.8', every(at('2025-12-30T16:00:00'), 5, 30), GUESSED_USERS),
  },
  {
    case: 'web-xmlrpc',
    address: '198.51.100.9',
    role: 'attacker',
    note: '25 POST /xmlrpc.php in 192 s (xmlrpc answers 200 to everything: each POST is an attempt)',
    plant: (w) => xmlrpcPosts(w, '198.51.100.9', every(at('2025-12-31T02:00:00'), 8, 25)),
  },
  {
    case: 'web-burst-10',
    address: '198.51.100.10',
    role: 'attacker',
    note: 'exactly 10 basic-auth 401s in 90 s: not flagged',
    plant: (w) => basicAuthFailures(w, '198.51.100.10', every(at('2025-12-30T18:00:00'), 10, 10), ['admin']),
  },
  {
    case: 'web-burst-11',
    address: '198.51.100.11',
    role: 'attacker',
    note: '11 basic-auth 401s in 100 s: flagged',
    plant: (w) => basicAuthFailures(w, '198.51.100.11', every(at('2025-12-30T18:30:00'), 10, 11), ['admin']),
  },
  {
    case: 'web-edge-5m00',
    address: '198.51.100.20',
    role: 'attacker',
    note: '11 failed form logins, the 1st and 11th exactly 5:00 apart: not flagged',
    plant: (w) => {
      const start = at('2025-12-31T12:00:00');
      wpLoginFailures(w, '198.51.100.20', [...every(start, 30, 10), plus(start, 300)]);
    },
  },
  {
    case: 'web-edge-4m59',
    address: '198.51.100.21',
    role: 'attacker',
    note: '11 failed form logins, the 1st and 11th 4:59 apart: flagged',
    plant: (w) => {
      const start = at('2025-12-31T13:00:00');
      wpLoginFailures(w, '198.51.100.21', [...every(start, 30, 10), plus(start, 299)]);
    },
  },
  {
    case: 'web-lines-not-attempts',
    address: '198.51.100.12',
    role: 'attacker',
    note: '18 /wp-login.php lines in 163 s, but only the 9 POSTs are attempts (a GET only shows the form)',
    plant: (w) => {
      for (const t of every(at('2025-12-31T14:00:00'), 20, 9)) {
        getLoginForm(w, '198.51.100.12', t);
        wpLoginFailures(w, '198.51.100.12', [plus(t, 3)]);
      }
    },
  },
  {
    case: 'web-late-line',
    address: '198.51.100.31',
    role: 'attacker',
    note: '11 failed form logins in 150 s; the first is written 25 s late, after the second',
    plant: (w) =>
      wpLoginFailures(w, '198.51.100.31', every(at('2026-01-01T10:00:00'), 15, 11), BROWSER_UA, 25_000),
  },
  {
    case: 'web-slow',
    address: '198.51.100.32',
    role: 'attacker',
    note: 'low-and-slow: one failed form login every 30 s for 2 hours (240); each 5-minute window holds exactly 10',
    plant: (w) => wpLoginFailures(w, '198.51.100.32', every(at('2026-01-01T16:00:00'), 30, 240)),
  },
  {
    case: 'web-across-rotation',
    address: '198.51.100.40',
    role: 'attacker',
    note: '12 xmlrpc POSTs in 220 s, split between access.log.2.gz and access.log.1 (rotated at 06:25)',
    plant: (w) => xmlrpcPosts(w, '198.51.100.40', every(at('2025-12-31T06:22:30'), 20, 12)),
  },
  {
    case: 'web-new-year',
    address: '198.51.100.50',
    role: 'attacker',
    note: '16 failed form logins from 23:58:20 on Dec 31 to 00:00:50 on Jan 1',
    plant: (w) => wpLoginFailures(w, '198.51.100.50', every(at('2025-12-31T23:58:20'), 10, 16)),
  },
  {
    case: 'web-compromised-wp',
    address: '198.51.100.60',
    role: 'attacker',
    note: '20 failed form logins in 114 s, then POST /wp-login.php 302 (logged in) and a plugin upload: compromised',
    plant: (w) => {
      const a = '198.51.100.60';
      const start = at('2026-01-01T20:00:00');
      getLoginForm(w, a, start);
      wpLoginFailures(w, a, every(plus(start, 5), 6, 20));
      const ua = BROWSER_UA;
      const login = 'https://www.example.org/wp-login.php';
      w.web.request({
        address: a,
        at: plus(start, 125),
        method: 'POST',
        path: '/wp-login.php',
        status: 302,
        referer: login,
        userAgent: ua,
        expect: 'success',
      });
      w.web.request({
        address: a,
        at: plus(start, 126),
        path: '/wp-admin/',
        status: 200,
        referer: login,
        userAgent: ua,
        expect: 'none',
      });
      w.web.request({
        address: a,
        at: plus(start, 150),
        path: '/wp-admin/plugin-install.php?tab=upload',
        status: 200,
        userAgent: ua,
        expect: 'none',
      });
      w.web.request({
        address: a,
        at: plus(start, 171),
        method: 'POST',
        path: '/wp-admin/update.php?action=upload-plugin',
        status: 200,
        userAgent: ua,
        expect: 'none',
      });
      w.web.request({
        address: a,
        at: plus(start, 190),
        path: '/wp-content/plugins/backup-helper/cmd.php?c=id',
        status: 200,
        bytes: 54,
        userAgent: ua,
        expect: 'none',
      });
    },
  },
  {
    case: 'web-compromised-basic',
    address: '198.51.100.61',
    role: 'attacker',
    note: '15 basic-auth 401s in 56 s, then 200 for user admin (accepted) and a backup download: compromised',
    plant: (w) => {
      const a = '198.51.100.61';
      const start = at('2026-01-02T05:00:00');
      basicAuthFailures(w, a, every(start, 4, 15), GUESSED_USERS, 'curl/8.5.0');
      w.web.request({
        address: a,
        at: plus(start, 60),
        path: '/admin/',
        status: 200,
        user: 'admin',
        userAgent: 'curl/8.5.0',
        expect: 'success',
      });
      w.web.request({
        address: a,
        at: plus(start, 120),
        path: '/admin/backup.tar.gz',
        status: 200,
        bytes: 48_211_977,
        user: 'admin',
        userAgent: 'curl/8.5.0',
        expect: 'success',
      });
    },
  },
  {
    case: 'web-ipv6',
    address: '2001:db8:bad:2::7',
    role: 'attacker',
    note: '30 xmlrpc POSTs in 145 s from IPv6',
    plant: (w) => xmlrpcPosts(w, '2001:db8:bad:2::7', every(at('2026-01-02T07:00:00'), 5, 30)),
  },
];
