/**
 * One row of named values (a CSV row, a flattened JSON event) → a Logon, or why it is not one.
 * The values are as exports write them: `DOMAIN\user`, `-` for none, times in ISO 8601, US
 * `M/D/YYYY h:mm:ss AM` or epoch seconds.
 */
import type { Logon } from '../../core/logon.ts';
import { zonedToUtc } from '../../core/time.ts';
import type { ColumnMap, LogonField } from './columns.ts';

/** Success and failure are logons; 4648 (explicit credentials) is a logon attempt that succeeded. */
const LOGON_EVENTS: Record<number, Logon['outcome']> = { 4624: 'success', 4625: 'failure', 4648: 'success' };
/** Accounts Windows logs on by itself: not people, never anomalous for these analytics. */
const SYSTEM_ACCOUNTS = new Set(['system', 'local service', 'network service', 'anonymous logon', '-', '']);
const SYSTEM_PREFIXES = ['dwm-', 'umfd-'];

export type RowVerdict =
  | { logon: Logon }
  | { skip: 'machine account' | 'system account' | 'not a logon event' }
  | { bad: string };

export type RowContext = {
  columns: ColumnMap;
  file: string;
  line: number;
  /** Zone of times written without one. */
  timeZone: string;
  includeMachines: boolean;
};

export function logonOf(value: (field: LogonField) => string | undefined, ctx: RowContext): RowVerdict {
  const eventText = value('eventId');
  const eventId = eventText ? Number.parseInt(eventText, 10) : 0;
  let outcome: Logon['outcome'] | undefined = LOGON_EVENTS[eventId];
  if (eventText && !outcome && Number.isFinite(eventId)) return { skip: 'not a logon event' };
  outcome ??= outcomeOf(value('outcome'));
  if (!outcome) return { bad: 'neither a logon event id (4624, 4625, 4648) nor an outcome' };

  const timeText = value('time');
  const timestamp = timeText === undefined ? undefined : parseTime(timeText, ctx.timeZone);
  if (timestamp === undefined) return { bad: `time '${timeText ?? ''}' is not a date` };

  let user = (value('user') ?? '').trim();
  let domain = (value('domain') ?? '').trim();
  const slash = user.indexOf('\\');
  if (slash >= 0) {
    domain ||= user.slice(0, slash);
    user = user.slice(slash + 1);
  } else if (user.includes('@')) {
    domain ||= user.slice(user.indexOf('@') + 1);
    user = user.slice(0, user.indexOf('@'));
  }
  user = user.toLowerCase();
  if (SYSTEM_ACCOUNTS.has(user) || SYSTEM_PREFIXES.some((p) => user.startsWith(p)))
    return { skip: 'system account' };
  if (user.endsWith('$') && !ctx.includeMachines) return { skip: 'machine account' };

  const logon: Logon = {
    timestamp,
    eventId,
    outcome,
    user,
    domain: domain === '-' ? '' : domain.toUpperCase(),
    sourceIp: addressOf(value('sourceIp')),
    workstation: orEmpty(value('workstation')).toUpperCase(),
    logonType: Number.parseInt(value('logonType') ?? '', 10) || 0,
    authPackage: orEmpty(value('authPackage')),
    file: ctx.file,
    line: ctx.line,
  };
  const geo = geoOf(value);
  if (geo) logon.geo = geo;
  const department = value('department')?.trim();
  if (department) logon.department = department;
  return { logon };
}

function outcomeOf(text: string | undefined): Logon['outcome'] | undefined {
  const t = text?.toLowerCase() ?? '';
  if (/fail|denied|deny|blocked/.test(t)) return 'failure';
  if (/success|allow|accept|ok\b/.test(t)) return 'success';
  return undefined;
}

function orEmpty(text: string | undefined): string {
  const t = text?.trim() ?? '';
  return t === '-' ? '' : t;
}

/** Loopback and `-` are local logons: no source. IPv6-mapped IPv4 is written as IPv4. */
function addressOf(text: string | undefined): string {
  let ip = orEmpty(text);
  if (ip.startsWith('::ffff:') && ip.includes('.')) ip = ip.slice(7);
  return ip === '::1' || ip.startsWith('127.') ? '' : ip;
}

function geoOf(value: (field: LogonField) => string | undefined): Logon['geo'] {
  const country = value('country')?.trim();
  const city = value('city')?.trim();
  const lat = Number.parseFloat(value('latitude') ?? '');
  const lon = Number.parseFloat(value('longitude') ?? '');
  if (!country && !city && !Number.isFinite(lat)) return undefined;
  const geo: NonNullable<Logon['geo']> = {};
  if (country) geo.country = country.toUpperCase();
  if (city) geo.city = city;
  if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
    geo.latitude = lat;
    geo.longitude = lon;
  }
  return geo;
}

const ISO_ZONED = /(?:Z|[+-]\d\d:?\d\d)$/i;
const ISO_LOCAL = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?$/;
const US_LOCAL = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d\d)(?::(\d\d))? ?([AP]M)?$/i;

/**
 * Epoch ms of a time as exports write it: ISO 8601 with a zone (`Z`, `+02:00`; fractions of any
 * length), ISO or US (`10/12/2026 1:04:05 PM`, PowerShell's en-US default) without one — read in
 * `timeZone` — or epoch seconds / milliseconds.
 */
export function parseTime(text: string, timeZone: string): number | undefined {
  const t = text.trim();
  if (/^\d{9,10}(?:\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  if (/^\d{12,13}$/.test(t)) return Number(t);
  if (ISO_ZONED.test(t) && /^\d{4}-\d\d-\d\d[T ]/.test(t)) {
    // Date.parse takes at most millisecond fractions in some engines' strict paths: cut longer ones.
    const ms = Date.parse(t.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1'));
    return Number.isNaN(ms) ? undefined : ms;
  }
  let m = ISO_LOCAL.exec(t);
  if (m) {
    const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
    return checked(+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0), fraction, timeZone);
  }
  m = US_LOCAL.exec(t);
  if (m) {
    let hour = +m[4];
    const half = m[7]?.toUpperCase();
    if (half && (hour < 1 || hour > 12)) return undefined;
    if (half === 'PM' && hour < 12) hour += 12;
    if (half === 'AM' && hour === 12) hour = 0;
    return checked(+m[3], +m[1], +m[2], hour, +m[5], +(m[6] ?? 0), 0, timeZone);
  }
  return undefined;
}

function checked(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, tz: string) {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCDate() !== d) return undefined; // 31 November
  return zonedToUtc(y, mo - 1, d, h, mi, s, Math.round(ms), tz);
}
