/** Background auth.log traffic: employees, a deploy bot, scanners that try no password, and cron. */
import { END, HOUR, MINUTE, SECOND, START } from '../clock.ts';
import type { Writers } from '../writers.ts';
import { type AddressBook, clearOfRotation, type Labeller, moment, type Scaled } from './common.ts';

const PEOPLE = [
  'alice',
  'bob',
  'carol',
  'dave',
  'erin',
  'frank',
  'grace',
  'heidi',
  'ivan',
  'judy',
  'kofi',
  'lena',
];
const SUDO_COMMANDS = [
  '/usr/bin/systemctl restart nginx',
  '/usr/bin/apt update',
  '/usr/bin/journalctl -u ssh',
  '/usr/bin/tail -f /var/log/nginx/error.log',
];

/** An interactive login; with probability `typo`, 1–3 wrong passwords first on the same connection. */
export function login(w: Writers, address: string, user: string, start: number, typo: number): void {
  const { rng } = w;
  const tries: number[] = [];
  let t = clearOfRotation(start);
  if (rng.chance(typo)) {
    for (let k = rng.int(1, 3); k > 0; k--) {
      tries.push(t);
      t += rng.int(4, 12) * SECOND;
    }
  }
  const method = tries.length > 0 || rng.chance(0.4) ? 'password' : 'publickey';
  const sudo = rng.chance(0.2) ? rng.pick(SUDO_COMMANDS) : undefined;
  const sessionMs = rng.int(2, 120) * MINUTE;
  w.ssh.connection({ address, user, tries, end: { kind: 'accepted', at: t, method, sessionMs, sudo } });
}

export function remoteWorkers(w: Writers, addresses: AddressBook, n: Scaled, label: Labeller): void {
  const workers = Array.from({ length: n(10) }, (_, i) => {
    const name =
      i < PEOPLE.length ? PEOPLE[i] : `${PEOPLE[i % PEOPLE.length]}${Math.floor(i / PEOPLE.length)}`;
    const address = addresses.person();
    label({
      address,
      role: 'benign',
      note: `employee ${name} logging in over SSH from home; mistypes now and then`,
    });
    return { name, address };
  });
  for (let i = 0; i < n(100); i++) {
    const { name, address } = w.rng.pick(workers);
    login(w, address, name, moment(w.rng, START, END - 2 * HOUR), 0.12);
  }
  // A local sudo typo: PAM says `authentication failure` with an empty rhost. Not an SSH login.
  w.ssh.sudoTypo(workers[0].name, moment(w.rng, START, END));
}

export function deployBot(w: Writers, label: Labeller): void {
  const address = '198.18.0.5';
  label({ address, role: 'benign', note: 'CI deploy bot: public-key login as deploy every 2 hours' });
  for (let t = START + HOUR; t < END; t += 2 * HOUR) {
    const at = t + w.rng.int(0, 20) * SECOND;
    const sessionMs = w.rng.int(20, 90) * SECOND;
    w.ssh.connection({
      address,
      user: 'deploy',
      tries: [],
      end: { kind: 'accepted', at, method: 'publickey', sessionMs },
    });
  }
}

/** Connections that never try a password: banner grabbers, key-only probes, port scanners. */
export function scanners(w: Writers, addresses: AddressBook, count: number): void {
  const kinds = ['no-identification', 'preauth-close', 'bye', 'bad-banner', 'invalid-user'] as const;
  for (let i = 0; i < count; i++) {
    const at = moment(w.rng, START, END);
    w.ssh.probe(w.rng.pick(kinds), addresses.scanner(), at, w.rng.pick(['admin', 'test', 'ubnt']));
  }
}

/**
 * sysstat every 10 minutes (5-55/10), cron.hourly at :17, cron.daily at 06:25: the PAM session
 * lines of any Ubuntu box. A few are written late, as rsyslog sometimes does under load.
 */
export function cron(w: Writers): void {
  const late = () => (w.rng.chance(0.005) ? w.rng.int(1, 30) * SECOND : 0);
  for (let t = START; t < END; t += 10 * MINUTE) {
    const d = new Date(t);
    w.ssh.cron(t + 5 * MINUTE + SECOND, late());
    if (d.getUTCMinutes() === 10) w.ssh.cron(t + 7 * MINUTE + SECOND, late());
    if (d.getUTCHours() === 6 && d.getUTCMinutes() === 20) w.ssh.cron(t + 5 * MINUTE + SECOND, late());
  }
}
