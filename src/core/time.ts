/** Time helpers: everything resolves to epoch milliseconds, UTC. */

export const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

const offsetCache = new Map<string, number>();
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Throws RangeError for an unknown zone: callers validate `--tz` with this once. */
export function assertTimeZone(tz: string): void {
  if (tz !== 'UTC') formatterFor(tz); // building a formatter loads ICU's zone data: ~12 ms
}

/** Offset of `tz` from UTC at instant `utcMs`, in ms (UTC+2 → 7_200_000). Cached per zone and hour. */
export function zoneOffsetMs(tz: string, utcMs: number): number {
  if (tz === 'UTC') return 0;
  const hour = Math.floor(utcMs / 3_600_000);
  const key = `${tz}|${hour}`;
  let off = offsetCache.get(key);
  if (off === undefined) {
    const parts = formatterFor(tz).formatToParts(hour * 3_600_000);
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    const asUtc = Date.UTC(
      get('year'),
      get('month') - 1,
      get('day'),
      get('hour'),
      get('minute'),
      get('second'),
    );
    off = asUtc - hour * 3_600_000;
    if (offsetCache.size > 100_000) offsetCache.clear();
    offsetCache.set(key, off);
  }
  return off;
}

/**
 * A wall-clock time in zone `tz` → epoch ms UTC. In the hour a DST change repeats, the earlier
 * instant is chosen; a wall time skipped by DST resolves to the instant one offset later.
 *
 * @example zonedToUtc(2024, 0, 1, 12, 0, 0, 0, 'Europe/Paris') // Date.UTC(2024, 0, 1, 11)
 */
export function zonedToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  tz: string,
): number {
  const wall = Date.UTC(year, month, day, hour, minute, second, ms);
  if (tz === 'UTC') return wall;
  const first = wall - zoneOffsetMs(tz, wall);
  const second_ = wall - zoneOffsetMs(tz, first);
  return Math.min(first, second_);
}

/** Parse '5m', '300s', '1h', '250ms', '2d' → ms. Returns undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    m[2] as 'ms' | 's' | 'm' | 'h' | 'd'
  ];
  return Number(m[1]) * unit;
}

export function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}
