/** Planted SSH cases: each sits on one side of a DEFINITIONS.md edge, or tests how lines are counted. */
import { at, every, MINUTE } from '../clock.ts';
import { connection, oneTryPerConnection, type PlantedCase, plus } from './case.ts';

const SPRAY = ['oracle', 'postgres', 'ubuntu', 'test'];

/** 10 tries 30 s apart, then an 11th exactly `lastAfterSeconds` after the first. */
function edgeTries(start: number, lastAfterSeconds: number): number[] {
  return [...every(start, 30, 10), plus(start, lastAfterSeconds)];
}

export const SSH_CASES: PlantedCase[] = [
  {
    case: 'ssh-burst-10',
    address: '203.0.113.10',
    role: 'attacker',
    note: 'exactly 10 failed passwords in 94 s (6 on one connection, then 4): at the threshold, not over it',
    plant: (w) => {
      connection(w, '203.0.113.10', 'root', every(at('2025-12-30T03:12:00'), 8, 6));
      connection(w, '203.0.113.10', 'admin', every(at('2025-12-30T03:13:10'), 8, 4));
    },
  },
  {
    case: 'ssh-burst-11',
    address: '203.0.113.11',
    role: 'attacker',
    note: '11 failed passwords in 130 s: one over the threshold',
    plant: (w) => {
      connection(w, '203.0.113.11', 'root', every(at('2025-12-30T04:40:00'), 8, 6));
      connection(w, '203.0.113.11', 'root', every(at('2025-12-30T04:41:30'), 10, 5));
    },
  },
  {
    case: 'ssh-edge-5m00',
    address: '203.0.113.20',
    role: 'attacker',
    note: '11 attempts, the 1st and 11th exactly 5:00 apart: no half-open 5-minute window holds 11',
    plant: (w) => oneTryPerConnection(w, '203.0.113.20', edgeTries(at('2025-12-30T14:00:00'), 300), SPRAY),
  },
  {
    case: 'ssh-edge-4m59',
    address: '203.0.113.21',
    role: 'attacker',
    note: '11 attempts, the 1st and 11th 4:59 apart: flagged',
    plant: (w) => oneTryPerConnection(w, '203.0.113.21', edgeTries(at('2025-12-30T15:00:00'), 299), SPRAY),
  },
  {
    case: 'ssh-slow',
    address: '203.0.113.30',
    role: 'attacker',
    note:
      'low-and-slow: a burst of 10 every 5:00 for 3 hours (360 attempts); each window (t-5m, t] holds ' +
      'exactly 10, so it is never flagged (a closed window [t-5m, t] would wrongly see 11)',
    plant: (w) => {
      const start = at('2025-12-30T20:00:00');
      for (let k = 0; k < 36; k++) {
        const burst = start + k * 5 * MINUTE;
        connection(w, '203.0.113.30', 'root', every(burst, 3, 5));
        connection(w, '203.0.113.30', 'admin', every(plus(burst, 15), 3, 5));
      }
    },
  },
  {
    case: 'ssh-late-line',
    address: '203.0.113.31',
    role: 'attacker',
    note: '11 attempts in 200 s; the first connection is written 30 s late, after the second',
    plant: (w) =>
      oneTryPerConnection(w, '203.0.113.31', every(at('2025-12-31T10:00:00'), 20, 11), ['root'], 30_000),
  },
  {
    case: 'ssh-across-rotation',
    address: '203.0.113.40',
    role: 'attacker',
    note: '12 attempts in 225 s, 6 in auth.log.1 and 6 in auth.log (rotated at 06:25): flagged only if files are read together',
    plant: (w) => {
      connection(w, '203.0.113.40', 'root', every(at('2026-01-01T06:23:00'), 20, 6));
      connection(w, '203.0.113.40', 'ubuntu', every(at('2026-01-01T06:25:05'), 20, 6));
    },
  },
  {
    case: 'ssh-new-year',
    address: '203.0.113.50',
    role: 'attacker',
    note:
      '15 attempts from 23:57:30 on Dec 31 to 00:01:00 on Jan 1: 10 before midnight and 5 after, so a ' +
      'wrong year for the December lines splits it into two unflagged halves',
    plant: (w) => {
      const tries = every(at('2025-12-31T23:57:30'), 15, 15);
      connection(w, '203.0.113.50', 'root', tries.slice(0, 5));
      connection(w, '203.0.113.50', 'admin', tries.slice(5, 10));
      connection(w, '203.0.113.50', 'root', tries.slice(10));
    },
  },
  {
    case: 'ssh-compromised',
    address: '203.0.113.60',
    role: 'attacker',
    note: '24 failed passwords in 145 s, then `Accepted password for deploy`: compromised',
    plant: (w) => {
      const start = at('2026-01-01T14:00:00');
      ['root', 'admin', 'deploy', 'deploy'].forEach((user, i) => {
        connection(w, '203.0.113.60', user, every(plus(start, 40 * i), 5, 6));
      });
      w.ssh.connection({
        address: '203.0.113.60',
        user: 'deploy',
        tries: [],
        end: { kind: 'accepted', at: at('2026-01-01T14:02:45'), method: 'password', sessionMs: 17 * MINUTE },
      });
    },
  },
  {
    case: 'ssh-repeated',
    address: '203.0.113.70',
    role: 'attacker',
    note:
      '12 attempts in 85 s written as 2 `Failed` lines + 2 `message repeated 5 times` lines: counting ' +
      'Failed lines finds 2',
    plant: (w) => {
      connection(w, '203.0.113.70', 'root', every(at('2026-01-02T02:10:00'), 5, 6), {
        collapseRepeats: true,
      });
      connection(w, '203.0.113.70', 'root', every(at('2026-01-02T02:11:00'), 5, 6), {
        collapseRepeats: true,
      });
    },
  },
  {
    case: 'ssh-lines-not-attempts',
    address: '203.0.113.71',
    role: 'attacker',
    note:
      '9 attempts written as 33 lines (Invalid user, pam_unix authentication failure, Failed, PAM 1 more ' +
      'authentication failures): counting lines would flag it; 9 attempts do not',
    plant: (w) => {
      const start = at('2026-01-02T03:00:00');
      ['admin', 'test', 'oracle', 'git'].forEach((user, i) => {
        connection(w, '203.0.113.71', user, every(plus(start, 40 * i), 6, 2));
      });
      connection(w, '203.0.113.71', 'guest', [plus(start, 160)]);
    },
  },
  {
    case: 'ssh-username-probe',
    address: '203.0.113.80',
    role: 'scanner',
    note: '40 `Invalid user` probes in 4 minutes that never try a password: 0 attempts',
    plant: (w) => {
      const names = ['admin', 'test', 'user', 'oracle', 'ftpuser', 'pi', 'git', 'postgres'];
      every(at('2026-01-01T03:00:00'), 6, 40).forEach((t, i) => {
        w.ssh.probe('invalid-user', '203.0.113.80', t, names[i % names.length]);
      });
    },
  },
  {
    case: 'ssh-ipv6',
    address: '2001:db8:bad:1::5',
    role: 'attacker',
    note: '18 attempts in 130 s from IPv6 over 3 connections (password and keyboard-interactive/pam)',
    plant: (w) => {
      const start = at('2025-12-30T09:30:00');
      connection(w, '2001:db8:bad:1::5', 'root', every(start, 6, 6));
      connection(w, '2001:db8:bad:1::5', 'admin', every(plus(start, 50), 6, 6));
      connection(w, '2001:db8:bad:1::5', 'oracle', every(plus(start, 100), 6, 6), {
        method: 'keyboard-interactive/pam',
      });
    },
  },
];
