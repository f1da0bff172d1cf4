/**
 * Access-log lines in the combined format. Every request states the outcome the scenario means it
 * to have; WebWriter checks that against DEFINITIONS.md's web rules and throws on a mismatch, so
 * benign traffic cannot slip an unrecorded failure (a stray 401, a login POST) into the logs.
 */

import type { Random } from '../core/random.ts';
import { clfTimestamp } from './clock.ts';
import type { Timeline } from './timeline.ts';

/** DEFINITIONS.md's default login endpoints, matched as path suffixes, query string ignored. */
const LOGIN_PATHS = [
  '/wp-login.php',
  '/xmlrpc.php',
  '/login',
  '/signin',
  '/sign_in',
  '/auth',
  '/logon',
  '/user/login',
  '/users/sign_in',
  '/session',
  '/sessions',
  '/oauth/token',
  '/j_security_check',
];

export type WebOutcome = 'failure' | 'success' | 'none';

/**
 * DEFINITIONS.md's web rules, restated here for the generator's own bookkeeping (Picket's
 * detector is deliberately not imported). 'ambiguous' marks shapes the contract leaves open, which
 * the scenario must not produce.
 */
export function webOutcome(
  method: string,
  path: string,
  status: number,
  user: string,
): WebOutcome | 'ambiguous' {
  const bare = path.split('?')[0];
  const isLogin = method === 'POST' && LOGIN_PATHS.some((p) => bare.endsWith(p));
  if (status === 401 || status === 407) return 'failure';
  if (isLogin) {
    if (user !== '-') return 'ambiguous';
    if (status >= 200 && status < 300) return 'failure';
    if (status >= 300 && status < 400) return bare.endsWith('/xmlrpc.php') ? 'ambiguous' : 'success';
    if (status === 403) return 'failure';
  }
  if (user !== '-' && status >= 200 && status < 400) return 'success';
  return 'none';
}

export type WebRequest = {
  address: string;
  at: number;
  method?: 'GET' | 'POST' | 'HEAD';
  path: string;
  status: number;
  /** HTTP basic-auth user as `%u` logs it; '-' when none was sent. */
  user?: string;
  /** Response size; 0 prints as Apache's '-'. Drawn from the status when omitted. */
  bytes?: number;
  referer?: string;
  userAgent: string;
  /** Apache stamps a request when it arrives and writes it when it completes: slow ones land late. */
  lateMs?: number;
  expect: WebOutcome;
};

export class WebWriter {
  readonly #tl: Timeline;
  readonly #rng: Random;

  constructor(tl: Timeline, rng: Random) {
    this.#tl = tl;
    this.#rng = rng;
  }

  request(r: WebRequest): void {
    const method = r.method ?? 'GET';
    const user = r.user ?? '-';
    const outcome = webOutcome(method, r.path, r.status, user);
    if (outcome !== r.expect) {
      throw new Error(
        `scenario bug: ${method} ${r.path} ${r.status} (user ${user}) is ${outcome}, not ${r.expect}`,
      );
    }
    const bytes = r.bytes ?? this.#defaultBytes(r.status);
    const line =
      `${r.address} - ${user} [${clfTimestamp(r.at)}] "${method} ${r.path} HTTP/1.1" ${r.status} ` +
      `${bytes === 0 ? '-' : bytes} "${r.referer ?? '-'}" "${r.userAgent}"`;
    this.#tl.write('web', r.at, line, r.lateMs ?? 0);
    if (outcome === 'failure') this.#tl.failure(r.address, 'web', r.at);
    if (outcome === 'success') this.#tl.success(r.address, 'web', r.at);
  }

  #defaultBytes(status: number): number {
    if (status === 304 || (status >= 300 && status < 400)) return 0;
    if (status === 401) return 381;
    if (status >= 400) return this.#rng.int(150, 600);
    return this.#rng.int(1_200, 48_000);
  }
}
