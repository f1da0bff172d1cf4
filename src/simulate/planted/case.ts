/** What a planted case is, and the small helpers the case lists share. */
import { SECOND } from '../clock.ts';
import type { Label } from '../ground-truth.ts';
import { MAX_AUTH_TRIES, type SshEnd } from '../ssh.ts';
import type { Writers } from '../writers.ts';

/** One labelled situation: its address, why it is there, and how to write it. */
export type PlantedCase = Label & { case: string; plant: (w: Writers) => void };

/** Accounts that exist on the host; any other name sshd calls an invalid user. */
const ACCOUNTS = new Set(['root', 'deploy', 'ubuntu']);

export const isInvalidUser = (user: string) => !ACCOUNTS.has(user);

/** `n` seconds after `t`. */
export const plus = (t: number, n: number) => t + n * SECOND;

/** Each try on its own connection, as most password-spraying bots do; users taken in turn. */
export function oneTryPerConnection(
  w: Writers,
  address: string,
  tries: readonly number[],
  users: readonly string[],
  lateMsOfFirst = 0,
): void {
  tries.forEach((t, i) => {
    const user = users[i % users.length];
    w.ssh.connection({
      address,
      user,
      invalidUser: isInvalidUser(user),
      tries: [t],
      end: { kind: 'closed' },
      lateMs: i === 0 ? lateMsOfFirst : 0,
    });
  });
}

/** One connection; it ends at MaxAuthTries when it used all six, else the client hangs up. */
export function connection(
  w: Writers,
  address: string,
  user: string,
  tries: number[],
  extra: { collapseRepeats?: boolean; method?: 'password' | 'keyboard-interactive/pam' } = {},
): void {
  const end: SshEnd = tries.length === MAX_AUTH_TRIES ? { kind: 'max-tries' } : { kind: 'closed' };
  w.ssh.connection({ address, user, invalidUser: isInvalidUser(user), tries, end, ...extra });
}

export const BROWSER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
export const OLD_FIREFOX_UA = 'Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:47.0) Gecko/20100101 Firefox/47.0';

/** Failed form logins: WordPress re-renders the form with 200 (DEFINITIONS.md counts it a failure). */
export function wpLoginFailures(
  w: Writers,
  address: string,
  tries: readonly number[],
  userAgent = BROWSER_UA,
  lateMsOfFirst = 0,
): void {
  for (const [i, at] of tries.entries()) {
    w.web.request({
      address,
      at,
      method: 'POST',
      path: '/wp-login.php',
      status: 200,
      bytes: 4_523,
      referer: 'https://www.example.org/wp-login.php',
      userAgent,
      lateMs: i === 0 ? lateMsOfFirst : 0,
      expect: 'failure',
    });
  }
}

/** xmlrpc.php answers 200 to every POST, so each POST is an attempt. */
export function xmlrpcPosts(w: Writers, address: string, tries: readonly number[]): void {
  for (const at of tries) {
    w.web.request({
      address,
      at,
      method: 'POST',
      path: '/xmlrpc.php',
      status: 200,
      bytes: 403,
      userAgent: OLD_FIREFOX_UA,
      expect: 'failure',
    });
  }
}

/** HTTP basic auth refusing each guessed user: 401, which Apache logs with the user tried. */
export function basicAuthFailures(
  w: Writers,
  address: string,
  tries: readonly number[],
  users: readonly string[],
  userAgent = 'python-requests/2.31.0',
): void {
  for (const [i, at] of tries.entries()) {
    w.web.request({
      address,
      at,
      path: '/admin/',
      status: 401,
      user: users[i % users.length],
      userAgent,
      expect: 'failure',
    });
  }
}
