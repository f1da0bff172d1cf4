/**
 * The explainable signals: each compares one logon with its user's baseline (or their peers', when
 * the user has little history) and says, in words and numbers, what is unusual, with a strength
 * in [0, 1]. They are combined as independent evidence: 1 − Π(1 − strength).
 */
import type { PlacedLogon } from '../../core/logon.ts';
import { distanceKm, type LocalClock } from './geometry.ts';
import { hourProbability, hoursOutside, sum, type UserProfile, usualHours } from './profile.ts';

export type SignalKind =
  | 'new_country'
  | 'new_city'
  | 'rare_hour'
  | 'impossible_travel'
  | 'new_workstation'
  | 'new_logon_type'
  | 'failures_before'
  | 'password_spray'
  | 'service_account_change';

export type Signal = { kind: SignalKind; strength: number; detail: string };

/** The last located logon of a user: where travel is measured from. */
export type LastSeen = { timestamp: number; latitude: number; longitude: number; name: string; vpn: boolean };

export type SignalInput = {
  logon: PlacedLogon;
  clock: LocalClock;
  /** The profile compared with: the user's own, or their peer group's. */
  profile: UserProfile;
  /** True when `profile` is the peer group's. */
  peers: boolean;
  service: boolean;
  previous?: LastSeen;
  failuresBefore: number;
  failingUsersFromSource: number;
};

/** Hour rarity: how improbable the local hour is, and how far outside the usual run it lies. */
export type HourFacts = {
  probability: number;
  outside: number;
  usual?: [number, number];
  /** Whether `usual` is the weekend's run (the user works weekends often enough to have one). */
  weekendRun: boolean;
};

export function hourFacts(profile: UserProfile, clock: LocalClock): HourFacts {
  const hour = Math.floor(clock.hour);
  const weekendRun = clock.weekend && sum(profile.weekend) >= 4;
  const usual = usualHours(weekendRun ? profile.weekend : profile.weekday, 0.95);
  return {
    probability: hourProbability(profile, hour, clock.weekend),
    outside: usual ? hoursOutside(clock.hour, usual) : 0,
    usual,
    weekendRun,
  };
}

/** Below this many located logons a place cannot be called new: the baseline has not seen enough. */
const MIN_PLACES = 3;
const TRAVEL_MIN_KM = 500; // city-level geolocation is often off by a few hundred km
const IMPOSSIBLE_KMH = 1000;
const FAST_KMH = 700;
const SPRAY_USERS = 10;

export function signalsOf(input: SignalInput, hours: HourFacts): Signal[] {
  const { logon, profile, clock } = input;
  const place = logon.place;
  const out: Signal[] = [];
  const usually = (tally: UserProfile['countries']) => tally.top(3).join(', ') || 'nothing yet';

  if (
    place.country &&
    !place.vpn &&
    profile.countries.total >= MIN_PLACES &&
    !profile.countries.has(place.country)
  )
    out.push({
      kind: 'new_country',
      strength: input.peers ? 0.6 : 0.8,
      detail: `from ${place.country}${place.city ? ` (${place.city})` : ''}, never seen${input.peers ? ' in the peer group' : ''}; usually ${usually(profile.countries)}`,
    });
  else if (place.city && !place.vpn && profile.cities.total >= MIN_PLACES && !profile.cities.has(place.city))
    out.push({
      kind: 'new_city',
      strength: 0.25,
      detail: `from ${place.city}, ${place.country ?? '?'} — a city not seen before; usually ${usually(profile.cities)}`,
    });

  if (!input.service && hours.usual) {
    const rarity = Math.max(0, Math.min(1, (-Math.log10(hours.probability) - 1.5) / 1.5));
    const beyond = 1 - Math.exp(-hours.outside / 1.5);
    const strength = Math.max(rarity, beyond) * 0.7;
    if (strength >= 0.2)
      out.push({
        kind: 'rare_hour',
        strength,
        detail: `${clock.text} local, usual ${fmtRun(hours.usual)} ${hours.weekendRun ? 'at weekends' : 'on weekdays'} (P = ${pct(hours.probability)}, ${hours.outside.toFixed(1)} h outside)`,
      });
  }

  const travel = travelOf(input);
  if (travel) out.push(travel);

  if (
    logon.workstation &&
    profile.workstations.total >= MIN_PLACES &&
    !profile.workstations.has(logon.workstation)
  )
    out.push({
      kind: input.service ? 'service_account_change' : 'new_workstation',
      strength: input.service ? 0.6 : 0.3,
      detail: `on ${logon.workstation}, never used before (usually ${usually(profile.workstations)})`,
    });
  const type = String(logon.logonType);
  if (logon.logonType && profile.logonTypes.total >= MIN_PLACES && !profile.logonTypes.has(type))
    out.push({
      kind: 'new_logon_type',
      strength: logon.logonType === 10 ? 0.35 : 0.2,
      detail: `logon type ${type}${LOGON_TYPES[logon.logonType] ? ` (${LOGON_TYPES[logon.logonType]})` : ''} never used before`,
    });
  if (input.failuresBefore >= 3 && logon.outcome === 'success')
    out.push({
      kind: 'failures_before',
      strength: Math.min(0.6, 0.1 * input.failuresBefore),
      detail: `${input.failuresBefore} failed logons in the 30 min before`,
    });
  if (input.failingUsersFromSource >= SPRAY_USERS)
    out.push({
      kind: 'password_spray',
      strength: logon.outcome === 'success' ? 0.95 : 0.85,
      detail: `source ${logon.sourceIp} failed for ${input.failingUsersFromSource} users within ±30 min${logon.outcome === 'success' ? ', and this logon succeeded' : ''}`,
    });
  return out;
}

function travelOf(input: SignalInput): Signal | undefined {
  const { previous, logon } = input;
  const place = logon.place;
  if (!previous || place.latitude === undefined || place.longitude === undefined) return undefined;
  if (previous.vpn || place.vpn) return undefined; // an egress is not where the person is
  const km = distanceKm(previous.latitude, previous.longitude, place.latitude, place.longitude);
  if (km < TRAVEL_MIN_KM) return undefined;
  const hours = Math.max((logon.timestamp - previous.timestamp) / 3_600_000, 1 / 60);
  const kmh = km / hours;
  if (kmh < FAST_KMH) return undefined;
  // Two places the user has both used before: a routine switch (a VPN not in the site list, a
  // second home), not a journey.
  const routine = input.profile.places.has(previous.name) && input.profile.places.has(placeName(input.logon));
  const strength = (kmh >= IMPOSSIBLE_KMH ? 0.9 : 0.5) * (routine ? 0.2 : 1);
  return {
    kind: 'impossible_travel',
    strength,
    detail: `${km.toFixed(0)} km from ${previous.name} ${fmtHours(hours)} earlier (${kmh.toFixed(0)} km/h)${routine ? '; both places are routine for this user' : ''}`,
  };
}

export function placeName(logon: PlacedLogon): string {
  const p = logon.place;
  return p.site ?? ([p.city, p.country].filter(Boolean).join(', ') || logon.sourceIp);
}

export const LOGON_TYPES: Record<number, string> = {
  2: 'interactive',
  3: 'network',
  4: 'batch',
  5: 'service',
  7: 'unlock',
  8: 'network cleartext',
  9: 'new credentials',
  10: 'remote interactive',
  11: 'cached interactive',
};

function fmtRun([a, b]: [number, number]): string {
  return `${String(a).padStart(2, '0')}–${String((b + 1) % 24).padStart(2, '0')}`;
}

function fmtHours(h: number): string {
  return h < 1 ? `${Math.round(h * 60)} min` : `${h.toFixed(1)} h`;
}

function pct(p: number): string {
  return p < 0.001 ? `${(p * 100).toFixed(2)}%` : `${(p * 100).toFixed(1)}%`;
}
