/**
 * Password spraying: one source trying many accounts. For each logon, how many distinct users
 * failed to log on from its source address within ±`windowMs` of it.
 */
import type { Logon } from '../../core/logon.ts';

export function failingUsersNear(logons: readonly Logon[], windowMs: number): Uint32Array {
  const out = new Uint32Array(logons.length);
  const bySource = new Map<string, number[]>();
  logons.forEach((l, i) => {
    if (!l.sourceIp) return;
    const list = bySource.get(l.sourceIp);
    if (list) list.push(i);
    else bySource.set(l.sourceIp, [i]);
  });
  for (const list of bySource.values()) {
    list.sort((a, b) => logons[a].timestamp - logons[b].timestamp || a - b);
    const failures = list.filter((i) => logons[i].outcome === 'failure');
    const inWindow = new Map<string, number>();
    let left = 0;
    let right = 0;
    for (const i of list) {
      const t = logons[i].timestamp;
      for (; right < failures.length && logons[failures[right]].timestamp <= t + windowMs; right++) {
        const u = logons[failures[right]].user;
        inWindow.set(u, (inWindow.get(u) ?? 0) + 1);
      }
      for (; left < right && logons[failures[left]].timestamp < t - windowMs; left++) {
        const u = logons[failures[left]].user;
        const n = (inWindow.get(u) ?? 0) - 1;
        if (n === 0) inWindow.delete(u);
        else inWindow.set(u, n);
      }
      out[i] = inWindow.size;
    }
  }
  return out;
}
