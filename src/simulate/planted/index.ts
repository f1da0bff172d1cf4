/** The planted, labelled cases of the brute-force scenario; background traffic lives in ../benign/. */
import { at, every, MINUTE } from '../clock.ts';
import { connection, type PlantedCase, plus, wpLoginFailures } from './case.ts';
import { SSH_CASES } from './ssh.ts';
import { WEB_CASES } from './web.ts';

export type { PlantedCase } from './case.ts';

/** The office's shared address (also used by ../benign/index.ts for its everyday traffic). */
export const OFFICE_NAT = '192.0.2.10';

/**
 * First working morning after New Year: seven colleagues behind the office NAT mistype their
 * passwords (12 failures in 3:46), and every one of them then logs in.
 */
const OFFICE_MORNING: Array<{ user: string; fails: number[]; ok: number }> = [
  { user: 'anna', fails: [12, 20], ok: 31 },
  { user: 'ben', fails: [45, 58, 70], ok: 85 },
  { user: 'chloe', fails: [100], ok: 112 },
  { user: 'dmitri', fails: [125, 135], ok: 150 },
  { user: 'emma', fails: [170], ok: 180 },
  { user: 'farid', fails: [200, 211], ok: 225 },
  { user: 'greta', fails: [238], ok: 250 },
];

const MIXED_CASES: PlantedCase[] = [
  {
    case: 'combined-only',
    address: '192.0.2.77',
    role: 'attacker',
    note: '6 SSH + 6 web failures within 190 s: under the threshold in each log, 12 with --combined',
    plant: (w) => {
      connection(w, '192.0.2.77', 'root', every(at('2026-01-02T11:00:00'), 10, 6));
      wpLoginFailures(w, '192.0.2.77', every(at('2026-01-02T11:01:30'), 20, 6));
    },
  },
  {
    case: 'office-nat',
    address: OFFICE_NAT,
    role: 'office-nat',
    note:
      'benign: an office NAT shared by many employees (SSH logins, WordPress editing, the /status/ page). ' +
      'On Jan 2 from 09:00 seven of them mistype passwords after the holiday (12 SSH failures in 3:46) ' +
      'and then log in, so the definition flags it, with a success after failures: an expected flag ' +
      'on a benign address, listed in `expected` because a correct detector must report it. At large ' +
      '--scale its web traffic (browsers meeting the /status/ 401 challenge) can cross the threshold too',
    plant: (w) => {
      const morning = at('2026-01-02T09:00:00');
      for (const p of OFFICE_MORNING) {
        w.ssh.connection({
          address: OFFICE_NAT,
          user: p.user,
          tries: p.fails.map((s) => plus(morning, s)),
          end: { kind: 'accepted', at: plus(morning, p.ok), method: 'password', sessionMs: 3 * 60 * MINUTE },
        });
      }
    },
  },
];

export const PLANTED: readonly PlantedCase[] = [...SSH_CASES, ...WEB_CASES, ...MIXED_CASES];

/** Office employees' account names, for the everyday traffic behind the NAT. */
export const OFFICE_USERS = OFFICE_MORNING.map((p) => p.user);
