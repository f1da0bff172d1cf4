import type { Event } from '../core/event.ts';

/**
 * Login attempts: the one place that decides what counts as a failed or successful login
 * (docs/DEFINITIONS.md). Parsers report what a line says; this turns it into attempts.
 */
export type LogKind = 'web' | 'ssh';

export type LoginAttempt = {
  ts: number;
  log: LogKind;
  address: string;
  user?: string;
  outcome: 'failure' | 'success';
  /** Attempts this line stands for (`message repeated 3 times` → 3). */
  count: number;
  file: string;
  line: number;
};

/**
 * Attempts column by column, the way they cross threads: index i of every column is one attempt.
 * The detector counts them as they are, with no object and no string per attempt.
 */
export type AttemptColumns = {
  ts: Float64Array;
  line: Float64Array;
  count: Float64Array;
  /** bit 0: ssh (else web); bit 1: success (else failure); bit 2: the address is in `others`. */
  flags: Uint8Array;
  /** Index into `files`. */
  file: Uint16Array;
  files: string[];
  /** An IPv4 address as an unsigned number; for another address (flags bit 2), its index in `others`. */
  address: Uint32Array;
  others: string[];
  /** The user's number (-1: none): in its stream as produced, the detector's once taken (`userNumber`). */
  user: Int32Array;
  /** The names of the stream's user numbers first given in this batch, in order. */
  users: string[];
};

export type LoginPolicy = {
  /** Path suffixes of login endpoints; a POST to one is a login attempt. */
  loginPaths: string[];
  /** How a 2xx answer to a login POST is read: forms re-render on failure, JSON APIs answer 200 on success. */
  login2xx: 'failure' | 'success';
};

export const DEFAULT_LOGIN_PATHS = [
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

export const DEFAULT_POLICY: LoginPolicy = { loginPaths: DEFAULT_LOGIN_PATHS, login2xx: 'failure' };

/** The attempt an event stands for, if any. */
export function loginAttemptOf(e: Event, policy: LoginPolicy): LoginAttempt | undefined {
  const address = e['source.address'];
  if (!address) return undefined;
  if (e['event.action'] === 'ssh_login') {
    const outcome = e['event.outcome'];
    if (outcome !== 'failure' && outcome !== 'success') return undefined;
    return attempt(e, 'ssh', address, outcome);
  }
  const status = e['http.response.status_code'];
  if (status === undefined) return undefined;
  const postPath = e['http.request.method'] === 'POST' ? (e['url.path'] ?? '') : undefined;
  const outcome = webOutcome(status, postPath, Boolean(e['user.name']), policy);
  return outcome && attempt(e, 'web', address, outcome);
}

/**
 * What a web request's answer says of a login: `postPath` is the path of a POST (else undefined),
 * `authenticated` whether the server logged a user for it.
 */
export function webOutcome(
  status: number,
  postPath: string | undefined,
  authenticated: boolean,
  policy: LoginPolicy,
): 'failure' | 'success' | undefined {
  if (status === 401 || status === 407) return 'failure';
  const endpoint = postPath === undefined ? undefined : loginEndpoint(postPath, policy.loginPaths);
  if (endpoint) {
    if (status === 403) return 'failure';
    if (endpoint === '/xmlrpc.php') return status < 300 ? 'failure' : undefined; // always 200: success is invisible
    if (status >= 200 && status < 300) return policy.login2xx;
    if (status >= 300 && status < 400) return 'success';
    return undefined;
  }
  // HTTP basic auth accepted: the server logs the authenticated user on a 2xx/3xx answer.
  if (authenticated && status >= 200 && status < 400) return 'success';
  return undefined;
}

function loginEndpoint(path: string, loginPaths: string[]): string | undefined {
  if (!path) return undefined;
  const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1).toLowerCase() : path.toLowerCase();
  return loginPaths.find((suffix) => p.endsWith(suffix));
}

function attempt(e: Event, log: LogKind, address: string, outcome: 'failure' | 'success'): LoginAttempt {
  return {
    ts: e['@timestamp'],
    log,
    address,
    user: e['user.name'],
    outcome,
    count: e['event.count'] ?? 1,
    file: e['log.file.path'],
    line: e['log.file.line'],
  };
}
