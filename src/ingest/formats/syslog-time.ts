/**
 * Syslog timestamps → epoch ms UTC.
 *
 * Two shapes start a syslog line:
 * - classic BSD `Mmm dd hh:mm:ss` (RFC 3164): no year, no zone, the day space-padded (`Jun  4`);
 * - RFC 3339 `2024-03-01T12:00:00.123456+01:00` (rsyslog's high-precision format, journalctl
 *   `-o short-iso`): offset as `Z`, `±hh:mm` or `±hhmm`; without one, the time is wall time in `tz`.
 *
 * Classic timestamps are wall time in `tz` (`--tz`, default UTC). Their year is inferred:
 * - the first line takes `year` (`--year`) when given; else the latest year that puts it at or before
 *   the file's mtime plus one day (a log is written before its mtime; the day absorbs a zone mismatch
 *   between the writing host and `--tz`). Without an mtime (stdin), the current time stands in for it:
 *   the current year, or the one before for a date still ahead this year.
 * - every later line takes, among the previous line's year −1, +0 and +1, the year whose instant is
 *   nearest the previous line's instant. Logs move forward in small steps, so Dec 31 → Jan 1 rolls
 *   over, and a Dec 31 line written just after a Jan 1 one (out of order by seconds) keeps the old year.
 */

import { isoUtc, MONTHS, zonedToUtc, zoneOffsetMs } from '../../core/time.ts';

export type SyslogTimeOptions = {
  /** The file as shown to the user, for notes. */
  file: string;
  tz: string;
  mtimeMs?: number;
  /** The year of the first classic line, instead of inferring it. */
  year?: number;
  /** Stands in for the mtime when there is none; defaults to `Date.now()`. */
  now?: number;
};

const DAY = 86_400_000;

/** `Jan` → 0 keyed by the three char codes, so the month is found without slicing the line. */
const MONTH_BY_CODE = new Map<number, number>(
  Object.entries(MONTHS).map(([name, m]) => [
    (name.charCodeAt(0) << 16) | (name.charCodeAt(1) << 8) | name.charCodeAt(2),
    m,
  ]),
);

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function twoDigits(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * Reads the timestamp at the start of each syslog line of one file, in order (the year inference
 * depends on the lines before). Not reusable across files.
 *
 * @example
 * const t = new SyslogTime({ file: 'auth.log', tz: 'UTC', year: 2024 });
 * t.read('Jun  4 12:00:01 host sshd[1]: …', 1); // 15 (index after the timestamp); t.ms === Date.UTC(2024, 5, 4, 12, 0, 1)
 */
export class SyslogTime {
  /** Epoch ms of the timestamp last read. */
  ms = 0;
  private readonly opts: SyslogTimeOptions;
  private prev = Number.NaN; // instant of the previous line
  private year = 0; // year of the previous classic line
  private firstYear = 0;
  private maxYear = 0;
  private readonly rollovers: string[] = [];
  // Fast path: lines of one hour share (month, day, hour) and so the year and the hour's instant.
  private lastKey = -1;
  private lastBase = 0;
  private readonly hourBase = new Map<number, number>();
  private isoKey = -1;
  private isoBase = 0;

  constructor(opts: SyslogTimeOptions) {
    this.opts = opts;
  }

  /** Reads a timestamp at the start of `line`: returns the index just past it and sets `ms`, or -1. */
  read(line: string, lineNo: number): number {
    const c = line.charCodeAt(0);
    return c >= 48 && c <= 57 ? this.readIso(line) : this.readClassic(line, lineNo);
  }

  /** What was assumed, for the run summary; empty when every timestamp carried its own year. */
  notes(): string[] {
    if (this.firstYear === 0) return [];
    const { file, tz, year, mtimeMs } = this.opts;
    const why =
      year !== undefined
        ? '--year'
        : mtimeMs !== undefined
          ? `file mtime ${isoUtc(mtimeMs).slice(0, 10)}`
          : 'no file mtime; latest year not after now';
    let s = `${file}: syslog has no year; first line taken as ${this.firstYear} (${why})`;
    if (this.rollovers.length > 0) s += `, ${this.rollovers.join(', ')}`;
    return [`${s}; zone ${tz} (--tz)`];
  }

  private readClassic(line: string, lineNo: number): number {
    const month = MONTH_BY_CODE.get(
      (line.charCodeAt(0) << 16) | (line.charCodeAt(1) << 8) | line.charCodeAt(2),
    );
    if (month === undefined || line.charCodeAt(3) !== 32) return -1;
    // Day: `dd`, ` d` (RFC 3164 padding) or a bare `d`.
    let i = 4;
    if (line.charCodeAt(i) === 32) i++;
    let day = digit(line, i++);
    const d2 = digit(line, i);
    if (d2 >= 0) {
      day = day * 10 + d2;
      i++;
    }
    if (day < 1 || day > 31 || line.charCodeAt(i) !== 32) return -1;
    const hour = twoDigits(line, i + 1);
    const minute = twoDigits(line, i + 4);
    const second = twoDigits(line, i + 7);
    if (
      hour < 0 ||
      hour > 23 ||
      line.charCodeAt(i + 3) !== 58 ||
      minute < 0 ||
      minute > 59 ||
      line.charCodeAt(i + 6) !== 58 ||
      second < 0 ||
      second > 60
    ) {
      return -1;
    }
    return this.classic(month, day, hour, minute, second, lineNo) ? i + 9 : -1;
  }

  /**
   * A classic timestamp already cut into its parts (month from 0, day 1–31, hour, minute, second
   * ≤ 60), as `read` takes it: sets `ms`, or returns false for a day its year lacks (Feb 29).
   */
  classic(month: number, day: number, hour: number, minute: number, second: number, lineNo: number): boolean {
    const key = (month * 32 + day) * 24 + hour;
    const within = minute * 60_000 + second * 1000;
    if (key !== this.lastKey) {
      const base = this.pickHour(month, day, hour, within, lineNo);
      if (base === undefined) return false;
      this.lastKey = key;
      this.lastBase = base;
    }
    this.ms = this.prev = this.lastBase + within;
    return true;
  }

  /** The instant of `year-month-day hour:00` in tz, NaN for a day the month lacks (Feb 29). */
  private base(year: number, month: number, day: number, hour: number): number {
    const key = ((year * 12 + month) * 32 + day) * 24 + hour;
    let b = this.hourBase.get(key);
    if (b === undefined) {
      b = day > daysIn(year, month) ? Number.NaN : zonedToUtc(year, month, day, hour, 0, 0, 0, this.opts.tz);
      if (this.hourBase.size > 50_000) this.hourBase.clear();
      this.hourBase.set(key, b);
    }
    return b;
  }

  /** Chooses the year of a classic line whose (month, day, hour) differs from the previous one. */
  private pickHour(month: number, day: number, hour: number, within: number, lineNo: number) {
    let year: number;
    if (this.year === 0 && Number.isNaN(this.prev)) {
      year = this.firstLineYear(month, day, hour, within);
    } else {
      // After an RFC 3339 line, `prev` alone anchors the choice.
      const y0 = this.year || new Date(this.prev).getUTCFullYear();
      year = 0;
      let best = Number.POSITIVE_INFINITY;
      for (let y = y0 - 1; y <= y0 + 1; y++) {
        const dist = Math.abs(this.base(y, month, day, hour) + within - this.prev);
        if (dist < best) {
          best = dist;
          year = y;
        }
      }
      if (year === 0) return undefined; // Feb 29 with no leap year among the three
      if (year > this.maxYear && this.firstYear !== 0) {
        this.maxYear = year;
        if (this.rollovers.length < 5) this.rollovers.push(`rolled over to ${year} at line ${lineNo}`);
        else if (this.rollovers.length === 5) this.rollovers.push('…');
      }
    }
    const b = this.base(year, month, day, hour);
    if (Number.isNaN(b)) return undefined;
    if (this.firstYear === 0) this.firstYear = this.maxYear = year;
    this.year = year;
    return b;
  }

  private firstLineYear(month: number, day: number, hour: number, within: number): number {
    const { year, mtimeMs, tz } = this.opts;
    if (year !== undefined) return year;
    const limit = (mtimeMs ?? this.opts.now ?? Date.now()) + DAY;
    let y = new Date(limit + zoneOffsetMs(tz, limit)).getUTCFullYear();
    // At most one step back, or a few more to reach a leap year for Feb 29.
    for (let n = 0; n < 8; n++, y--) {
      const t = this.base(y, month, day, hour) + within;
      if (t <= limit) return y;
    }
    return y;
  }

  private readIso(line: string): number {
    // YYYY-MM-DD[T ]hh:mm:ss[.fraction][Z|±hh:mm|±hhmm]
    const century = twoDigits(line, 0);
    const yy = twoDigits(line, 2);
    const year = century * 100 + yy;
    const month = twoDigits(line, 5) - 1;
    const day = twoDigits(line, 8);
    const hour = twoDigits(line, 11);
    const minute = twoDigits(line, 14);
    const second = twoDigits(line, 17);
    const sep = line.charCodeAt(10);
    if (
      century < 0 ||
      yy < 0 ||
      line.charCodeAt(4) !== 45 ||
      line.charCodeAt(7) !== 45 ||
      (sep !== 84 && sep !== 32) ||
      line.charCodeAt(13) !== 58 ||
      line.charCodeAt(16) !== 58 ||
      month < 0 ||
      month > 11 ||
      day < 1 ||
      hour < 0 ||
      hour > 23 ||
      minute < 0 ||
      minute > 59 ||
      second < 0 ||
      second > 60
    ) {
      return -1;
    }
    let i = 19;
    let ms = 0;
    if (line.charCodeAt(i) === 46) {
      // Keep milliseconds; finer digits are read past and dropped.
      let n = 0;
      for (i++; digit(line, i) >= 0; i++, n++) if (n < 3) ms = ms * 10 + digit(line, i);
      if (n === 0) return -1;
      for (; n < 3; n++) ms *= 10;
    }
    const key = ((year * 12 + month) * 32 + day) * 24 + hour;
    if (key !== this.isoKey) {
      if (day > daysIn(year, month)) return -1;
      this.isoKey = key;
      this.isoBase = Date.UTC(year, month, day, hour);
    }
    const wall = this.isoBase + minute * 60_000 + second * 1000 + ms;
    const z = line.charCodeAt(i);
    if (z === 90) {
      this.ms = wall;
      i++;
    } else if (z === 43 || z === 45) {
      const oh = twoDigits(line, i + 1);
      const colon = line.charCodeAt(i + 3) === 58 ? 1 : 0;
      const om = twoDigits(line, i + 3 + colon);
      if (oh < 0 || om < 0) return -1;
      this.ms = wall - (z === 43 ? 1 : -1) * (oh * 60 + om) * 60_000;
      i += 5 + colon;
    } else {
      this.ms = zonedToUtc(year, month, day, hour, minute, second, ms, this.opts.tz);
    }
    this.prev = this.ms;
    this.lastKey = -1; // the next classic line must weigh its year against this instant
    return i;
  }
}
