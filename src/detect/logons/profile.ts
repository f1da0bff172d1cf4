/**
 * A user's baseline: what their past logons looked like — local hours by weekday and weekend,
 * places, workstations, logon types — learned from the days before the one scored.
 */

/** Counts of things seen, and how often. */
export class Tally {
  readonly counts = new Map<string, number>();
  total = 0;

  add(key: string | undefined): void {
    if (!key) return;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total++;
  }

  share(key: string): number {
    return this.total === 0 ? 0 : (this.counts.get(key) ?? 0) / this.total;
  }

  has(key: string): boolean {
    return this.counts.has(key);
  }

  /** The most seen keys, most first: for explanations. */
  top(n: number): string[] {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, n)
      .map(([k]) => k);
  }
}

/** A point on the globe seen in the baseline, with the place's name for explanations. */
export type Whereabouts = { name: string; latitude: number; longitude: number; country?: string };

export class UserProfile {
  /** Local hour of day (0–23) counts, weekdays and weekend days apart. */
  readonly weekday = new Float64Array(24);
  readonly weekend = new Float64Array(24);
  readonly countries = new Tally();
  readonly cities = new Tally();
  readonly workstations = new Tally();
  readonly logonTypes = new Tally();
  readonly zones = new Tally();
  /** Located places seen, by name, so travel between two of them can be recognised as routine. */
  readonly places = new Map<string, Whereabouts>();
  /** Days (UTC day numbers) with a successful logon. */
  readonly days = new Set<number>();
  logons = 0;
  /** Each UTC hour-of-day slot with a logon, for service accounts' round-the-clock regularity. */
  readonly utcHours = new Float64Array(24);
  department?: string;
}

/** σ of the circular smoothing of hour counts, in hours: a habit of 9:00 makes 8:00 likely too. */
const SMOOTHING_HOURS = 1;
const KERNEL = Array.from({ length: 7 }, (_, i) => Math.exp(-((i - 3) ** 2) / (2 * SMOOTHING_HOURS ** 2)));
const KERNEL_SUM = KERNEL.reduce((a, b) => a + b, 0);

/** Counts smoothed around the clock (23:00 neighbours 00:00). */
export function smoothCircular(counts: ArrayLike<number>): Float64Array {
  const out = new Float64Array(24);
  for (let h = 0; h < 24; h++) {
    let s = 0;
    for (let k = 0; k < KERNEL.length; k++) s += KERNEL[k] * counts[(h + k - 3 + 24) % 24];
    out[h] = s / KERNEL_SUM;
  }
  return out;
}

/**
 * P(hour | day type) from smoothed counts, with a small uniform prior (a habit never makes an hour
 * impossible); the weekend borrows the weekdays' shape until it has logons of its own.
 */
export function hourProbability(profile: UserProfile, hour: number, weekend: boolean): number {
  const PRIOR = 0.5; // pseudo-logons spread over 24 hours
  const BORROW = 4; // pseudo-logons the weekend takes from the weekdays' shape
  const wd = smoothCircular(profile.weekday);
  const nWd = sum(profile.weekday);
  if (!weekend) return (wd[hour] + PRIOR / 24) / (nWd + PRIOR);
  const we = smoothCircular(profile.weekend);
  const nWe = sum(profile.weekend);
  const shape = nWd > 0 ? wd[hour] / nWd : 1 / 24;
  return (we[hour] + BORROW * shape + PRIOR / 24) / (nWe + BORROW + PRIOR);
}

/**
 * The shortest run of hours (around the clock) holding `coverage` of the counts: the user's
 * usual hours, as [first, last] hour; undefined without counts.
 */
export function usualHours(counts: ArrayLike<number>, coverage = 0.9): [number, number] | undefined {
  const total = sum(counts);
  if (total === 0) return undefined;
  for (let width = 1; width <= 24; width++) {
    let best = -1;
    let bestMass = -1;
    for (let start = 0; start < 24; start++) {
      let mass = 0;
      for (let i = 0; i < width; i++) mass += counts[(start + i) % 24];
      if (mass > bestMass) {
        bestMass = mass;
        best = start;
      }
    }
    if (bestMass >= coverage * total - 1e-9) return [best, (best + width - 1) % 24];
  }
  return [0, 23];
}

/** How many hours `hour` (fractional) lies outside the run [first, last], around the clock; 0 inside. */
export function hoursOutside(hour: number, run: [number, number]): number {
  const [first, last] = run;
  const width = (last - first + 24) % 24; // run spans first .. last+1
  const offset = (hour - first + 24) % 24;
  if (offset <= width + 1) return 0;
  return Math.min(offset - (width + 1), 24 - offset);
}

export function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}
