/**
 * Background traffic: readers, crawlers, editors, employees, a deploy bot, an uptime monitor,
 * internet scanners and cron. `scale` multiplies the human traffic; the machines keep their
 * schedules. Every failure here (a mistyped password, a browser's first 401 on a basic-auth page)
 * goes through the writers like any other, and every address with an attempt is labelled.
 */
import { at, END, HOUR, SECOND, START } from '../clock.ts';
import { OFFICE_NAT, OFFICE_USERS } from '../planted/index.ts';
import type { Writers } from '../writers.ts';
import { AddressBook, type Labeller, moment, type Scaled } from './common.ts';
import { cron, deployBot, login, remoteWorkers, scanners } from './ssh.ts';
import { BROWSERS, editSession, homeEditors, probes, uptimeMonitor, visit } from './web.ts';

/** Office hours behind the NAT: nobody works on New Year's Day, and Dec 31 ends at lunch. */
const WORKDAYS: Array<[number, number]> = [
  [at('2025-12-30T08:00:00'), at('2025-12-30T18:00:00')],
  [at('2025-12-31T08:00:00'), at('2025-12-31T13:00:00')],
  [at('2026-01-02T08:00:00'), at('2026-01-02T17:00:00')],
];

export function addBenignTraffic(w: Writers, scale: number, label: Labeller): void {
  const addresses = new AddressBook(w.rng);
  const n: Scaled = (base) => Math.max(1, Math.round(base * scale));
  for (let i = 0; i < n(350); i++) visit(w, addresses.visitor(n(120)), moment(w.rng, START, END - HOUR));
  probes(w, addresses, n(40));
  uptimeMonitor(w, label);
  homeEditors(w, addresses, n(4), label);
  office(w, n);
  remoteWorkers(w, addresses, n, label);
  deployBot(w, label);
  scanners(w, addresses, n(60));
  cron(w);
}

/** Everyday traffic behind the office NAT (labelled with its planted case, ../planted/index.ts). */
function office(w: Writers, n: Scaled): void {
  const { rng } = w;
  const workday = () => {
    const [from, to] = rng.pick(WORKDAYS);
    return moment(rng, from, to);
  };
  for (let i = 0; i < n(30); i++) visit(w, OFFICE_NAT, workday(), false);
  for (let i = 0; i < n(4); i++) editSession(w, OFFICE_NAT, workday(), BROWSERS[0]);
  for (let i = 0; i < n(6); i++) {
    // A browser asks for /status/ without credentials first: a real, benign 401 (a counted failure).
    const t = workday();
    const userAgent = rng.pick(BROWSERS);
    const status = { address: OFFICE_NAT, path: '/status/', userAgent };
    w.web.request({ ...status, at: t, status: 401, expect: 'failure' });
    w.web.request({ ...status, at: t + 5 * SECOND, status: 200, user: 'ops', expect: 'success' });
  }
  for (let i = 0; i < n(40); i++) login(w, OFFICE_NAT, rng.pick(OFFICE_USERS), workday(), 0.1);
}
