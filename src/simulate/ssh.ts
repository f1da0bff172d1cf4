/**
 * auth.log lines in OpenSSH's and PAM's own wording (Ubuntu, OpenSSH 9, rsyslog). Every sshd line
 * goes through SshWriter, which records the attempts a line stands for at the moment it writes
 * it, so the ground truth cannot drift from the file.
 */

import type { Random } from '../core/random.ts';
import { ROTATIONS, SECOND, START, syslogTimestamp } from './clock.ts';
import type { Timeline } from './timeline.ts';

export const HOST = 'web1';
const LOGIND_PID = 612;
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** sshd's MaxAuthTries default: the 6th failure on one connection ends it. */
export const MAX_AUTH_TRIES = 6;

export type SshEnd =
  /** The client gave up: `Connection closed by … [preauth]`. */
  | { kind: 'closed' }
  /** sshd cut the connection after MAX_AUTH_TRIES failures. */
  | { kind: 'max-tries' }
  | { kind: 'accepted'; at: number; method: 'password' | 'publickey'; sessionMs: number; sudo?: string };

export type SshConnection = {
  address: string;
  user: string;
  /** The account does not exist: `Invalid user` and `Failed … for invalid user`. */
  invalidUser?: boolean;
  method?: 'password' | 'keyboard-interactive/pam';
  /** The moment of each failed password, ascending: each becomes one `Failed` line. */
  tries: number[];
  end: SshEnd;
  /**
   * rsyslog's repeated-message reduction: the 2nd…nth identical `Failed` lines of the connection
   * become one `message repeated N times: [ … ]` line, stamped with the last of them.
   */
  collapseRepeats?: boolean;
  /** Write the whole connection this late (keeps one process's own lines in order, as syslog does). */
  lateMs?: number;
};

type Accepted = Extract<SshEnd, { kind: 'accepted' }>;
type Say = (t: number, msg: string) => void;

/** PAM logs a failure as it happens; sshd's `Failed` line follows after pam_faildelay (2 s). */
const PAM_LEAD = 2 * SECOND;

/**
 * The end of pam_unix's failure lines, `… rhost=%s %s%s` with " user=" and the name, or nothing:
 * two spaces before `user=`, or a trailing space when sshd passed no known user.
 */
function pamTail(c: SshConnection): string {
  return `logname= uid=0 euid=0 tty=ssh ruser= rhost=${c.address}${c.invalidUser ? ' ' : `  user=${c.user}`}`;
}

export type SshProbe = 'invalid-user' | 'no-identification' | 'preauth-close' | 'bye' | 'bad-banner';

export class SshWriter {
  readonly #tl: Timeline;
  readonly #rng: Random;
  readonly #pids = new Set<number>();
  readonly #uids = new Map<string, number>([['root', 0]]);
  readonly #keys = new Map<string, string>();
  readonly #sessions = new Set<number>();

  constructor(tl: Timeline, rng: Random) {
    this.#tl = tl;
    this.#rng = rng;
  }

  /** One TCP connection to sshd: failed passwords, then the way it ended. */
  connection(c: SshConnection): void {
    this.#check(c);
    const { address, user, tries, end } = c;
    const pid = this.#pid(tries.length > 0 ? tries[0] : this.#authEnd(c));
    const port = this.#rng.int(32768, 60999);
    const sshd: Say = (t, msg) => this.#tl.write('ssh', t, this.#line(t, `sshd[${pid}]`, msg), c.lateMs ?? 0);
    if (tries.length > 0) this.#failedPasswords(c, port, sshd);

    const invalid = c.invalidUser === true;
    const who = invalid ? `invalid user ${user}` : user;
    const stage = invalid ? 'invalid' : 'authenticating';
    const last = tries[tries.length - 1];
    const pamMore = `PAM ${tries.length - 1} more authentication failures; ${pamTail(c)}`;
    if (end.kind === 'max-tries') {
      const why = 'Too many authentication failures';
      sshd(
        last,
        `error: maximum authentication attempts exceeded for ${who} from ${address} port ${port} ssh2 [preauth]`,
      );
      sshd(last, `Disconnecting ${stage} user ${user} ${address} port ${port}: ${why} [preauth]`);
      sshd(last, pamMore);
      sshd(last, 'PAM service(sshd) ignoring max retries; 6 > 3');
    } else if (end.kind === 'closed') {
      sshd(last + SECOND, `Connection closed by ${stage} user ${user} ${address} port ${port} [preauth]`);
      if (tries.length > 1) sshd(last + SECOND, pamMore);
    } else {
      this.#accepted(c, end, port, sshd);
    }
  }

  /** A connection that never tries a password: 0 attempts, however alarming it reads. */
  probe(kind: SshProbe, address: string, at: number, user = 'admin'): void {
    const pid = this.#pid(at);
    const port = this.#rng.int(32768, 60999);
    const sshd = (t: number, msg: string) => this.#tl.write('ssh', t, this.#line(t, `sshd[${pid}]`, msg));
    if (kind === 'invalid-user') {
      sshd(at, `Invalid user ${user} from ${address} port ${port}`);
      sshd(at + SECOND, `Connection closed by invalid user ${user} ${address} port ${port} [preauth]`);
    } else if (kind === 'no-identification') {
      sshd(at, `Did not receive identification string from ${address} port ${port}`);
    } else if (kind === 'preauth-close') {
      sshd(at, `Connection closed by ${address} port ${port} [preauth]`);
    } else if (kind === 'bye') {
      sshd(at, `Received disconnect from ${address} port ${port}:11: Bye Bye [preauth]`);
      sshd(at, `Disconnected from ${address} port ${port} [preauth]`);
    } else {
      sshd(at, `banner exchange: Connection from ${address} port ${port}: invalid format`);
    }
  }

  /** A cron job's PAM session: the commonest line in any auth.log. */
  cron(at: number, lateMs = 0): void {
    const pid = this.#pid(at);
    const cron = (msg: string) => this.#tl.write('ssh', at, this.#line(at, `CRON[${pid}]`, msg), lateMs);
    cron('pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)');
    cron('pam_unix(cron:session): session closed for user root');
  }

  /** A local sudo password typo: a PAM `authentication failure` with an empty rhost, not an SSH login. */
  sudoTypo(user: string, at: number): void {
    const uid = this.#uid(user);
    this.#tl.write(
      'ssh',
      at,
      this.#line(
        at,
        'sudo',
        `pam_unix(sudo:auth): authentication failure; logname=${user} uid=${uid} euid=0 tty=/dev/pts/0 ruser=${user} rhost=  user=${user}`,
      ),
    );
  }

  #check(c: SshConnection): void {
    const { tries, end } = c;
    const bug = (why: string) => new Error(`scenario bug: connection from ${c.address}: ${why}`);
    if (tries.some((t, i) => i > 0 && t < tries[i - 1])) throw bug('tries out of order');
    if (end.kind !== 'accepted' && tries.length === 0) throw bug('a failed connection needs tries');
    if (end.kind === 'max-tries' && tries.length !== MAX_AUTH_TRIES) throw bug('max-tries needs 6 tries');
    if (end.kind === 'accepted' && (c.invalidUser || end.at < tries[tries.length - 1]))
      throw bug('bad login');
    // A rotation between a `pam_unix` line and its `Failed` line, or between the Failed lines and
    // `PAM N more`, makes their count depend on whether a reader pairs lines across files. Real
    // servers can do that; the ground truth should not hinge on it.
    const late = c.lateMs ?? 0;
    const from = (tries.length > 0 ? tries[0] - PAM_LEAD : this.#authEnd(c)) + late;
    const to = this.#authEnd(c) + late;
    if (ROTATIONS.some((r) => from < r && r <= to)) throw bug('its authentication straddles a log rotation');
  }

  /** The moment of the connection's last authentication line. */
  #authEnd(c: SshConnection): number {
    return c.end.kind === 'accepted' ? c.end.at : c.tries[c.tries.length - 1] + SECOND;
  }

  /** pam_unix's failure line, then one `Failed` line per try (or rsyslog's reduction of them). */
  #failedPasswords(c: SshConnection, port: number, sshd: Say): void {
    const { address, user, tries } = c;
    const pamAt = tries[0] - PAM_LEAD;
    if (c.invalidUser) {
      sshd(pamAt, `Invalid user ${user} from ${address} port ${port}`);
      sshd(pamAt, 'pam_unix(sshd:auth): check pass; user unknown');
    }
    sshd(pamAt, `pam_unix(sshd:auth): authentication failure; ${pamTail(c)}`);
    const who = c.invalidUser ? `invalid user ${user}` : user;
    const failed = `Failed ${c.method ?? 'password'} for ${who} from ${address} port ${port} ssh2`;
    if (c.collapseRepeats && tries.length > 1) {
      const last = tries[tries.length - 1];
      sshd(tries[0], failed);
      this.#tl.failure(address, 'ssh', tries[0]);
      sshd(last, `message repeated ${tries.length - 1} times: [ ${failed}]`);
      this.#tl.failure(address, 'ssh', last, tries.length - 1);
    } else {
      for (const t of tries) {
        sshd(t, failed);
        this.#tl.failure(address, 'ssh', t);
      }
    }
  }

  #accepted(c: SshConnection, end: Accepted, port: number, sshd: Say): void {
    const { address, user } = c;
    const logind = (t: number, msg: string) =>
      this.#tl.write('ssh', t, this.#line(t, `systemd-logind[${LOGIND_PID}]`, msg));
    const uid = this.#uid(user);
    const session = this.#sessionId(end.at);
    const key = end.method === 'publickey' ? `: ED25519 SHA256:${this.#key(user)}` : '';
    sshd(end.at, `Accepted ${end.method} for ${user} from ${address} port ${port} ssh2${key}`);
    this.#tl.success(address, 'ssh', end.at);
    sshd(end.at, `pam_unix(sshd:session): session opened for user ${user}(uid=${uid}) by (uid=0)`);
    logind(end.at, `New session ${session} of user ${user}.`);
    if (end.sudo) {
      const t = end.at + Math.floor(end.sessionMs / 2 / SECOND) * SECOND;
      const sudo = (msg: string) => this.#tl.write('ssh', t, this.#line(t, 'sudo', msg));
      sudo(`   ${user} : TTY=pts/0 ; PWD=/home/${user} ; USER=root ; COMMAND=${end.sudo}`);
      sudo(`pam_unix(sudo:session): session opened for user root(uid=0) by ${user}(uid=${uid})`);
      sudo('pam_unix(sudo:session): session closed for user root');
    }
    const bye = end.at + end.sessionMs;
    sshd(bye, `Received disconnect from ${address} port ${port}:11: disconnected by user`);
    sshd(bye, `Disconnected from user ${user} ${address} port ${port}`);
    sshd(bye, `pam_unix(sshd:session): session closed for user ${user}`);
    logind(bye, `Session ${session} logged out. Waiting for processes to exit.`);
    logind(bye, `Removed session ${session}.`);
  }

  #line(t: number, tag: string, msg: string): string {
    return `${syslogTimestamp(t)} ${HOST} ${tag}: ${msg}`;
  }

  /**
   * Pids grow with time (not with the order cases are generated in) and are never reused: the
   * parser pairs a `pam_unix` line with the `Failed` line of the same pid, so a reused pid would
   * blur two connections into one.
   */
  #pid(t: number): number {
    let pid = 1000 + Math.max(0, Math.floor((t - START) / SECOND)) * 3;
    while (this.#pids.has(pid)) pid++;
    this.#pids.add(pid);
    return pid;
  }

  /** systemd-logind session ids, like pids, grow with time (cases are written out of time order). */
  #sessionId(t: number): number {
    let id = 1 + Math.max(0, Math.floor((t - START) / (5 * SECOND)));
    while (this.#sessions.has(id)) id++;
    this.#sessions.add(id);
    return id;
  }

  #uid(user: string): number {
    let uid = this.#uids.get(user);
    if (uid === undefined) {
      uid = 1000 + this.#uids.size;
      this.#uids.set(user, uid);
    }
    return uid;
  }

  #key(user: string): string {
    let key = this.#keys.get(user);
    if (key === undefined) {
      key = this.#rng.text(43, BASE64);
      this.#keys.set(user, key);
    }
    return key;
  }
}
