/**
 * The scenario's calendar and the two timestamp styles it prints. Everything is UTC and whole
 * seconds: both log formats print seconds, so a millisecond we cannot print would make the ground
 * truth disagree with the files.
 */

/** The scenario runs from Dec 30 of YEAR to Jan 2 of YEAR + 1, so it crosses New Year. */
export const YEAR = 2025;
export const START = at('2025-12-30T00:00:00');
export const END = at('2026-01-02T18:00:00');

/**
 * logrotate's daily run (cron.daily at 06:25). A line written before ROTATIONS[0] lands in
 * `.2.gz`, before ROTATIONS[1] in `.1`, later in the live file.
 */
export const ROTATIONS = [at('2025-12-31T06:25:00'), at('2026-01-01T06:25:00')] as const;

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** `at('2025-12-31T23:59:30')` → epoch ms; the string is read as UTC. */
export function at(isoWithoutZone: string): number {
  const ms = Date.parse(`${isoWithoutZone}Z`);
  if (Number.isNaN(ms)) throw new Error(`bad scenario time ${isoWithoutZone}`);
  return ms;
}

/** `count` moments `stepSeconds` apart, the first at `start`. */
export function every(start: number, stepSeconds: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i * stepSeconds * SECOND);
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const two = (n: number) => String(n).padStart(2, '0');

function clockTime(d: Date): string {
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** RFC 3164 syslog: `Jan  1 00:00:05` (day padded with a space, and no year). */
export function syslogTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${MONTH_NAMES[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${clockTime(d)}`;
}

/** Common Log Format: `31/Dec/2025:23:59:30 +0000`. */
export function clfTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getUTCDate())}/${MONTH_NAMES[d.getUTCMonth()]}/${d.getUTCFullYear()}:${clockTime(d)} +0000`;
}
