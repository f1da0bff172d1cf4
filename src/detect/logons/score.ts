/**
 * Logon anomalies (UEBA): every logon of a scoring day is compared with its user's baseline built
 * from the days before it (rolling), or with their peer group's while the user has little history.
 * Explainable signals (signals.ts) and a seeded Isolation Forest over per-logon features give one
 * score; alerts are the best-scoring logons per user and day, within a budget per day.
 */
import type { PlacedLogon } from '../../core/logon.ts';
import { IsolationForest } from '../../ml/isolation-forest.ts';
import { distanceKm, localClock } from './geometry.ts';
import { UserProfile } from './profile.ts';
import { type HourFacts, hourFacts, type LastSeen, placeName, type Signal, signalsOf } from './signals.ts';
import { failingUsersNear } from './spray.ts';

export type LogonScoringOptions = {
  /** Days at the start only learned from, not scored. Default 7. */
  baselineDays?: number;
  /** Zone of a user whose logons have none (internal addresses without a site list). Default UTC. */
  timeZone?: string;
  /** Users with fewer days of history are compared with their peer group. Default 5. */
  minHistoryDays?: number;
  /** user → department, from a directory export (the logons' own column wins). */
  departments?: ReadonlyMap<string, string>;
  /** Score the Isolation Forest too (default true). */
  forest?: boolean;
  seed?: number;
};

export type ScoredLogon = {
  logon: PlacedLogon;
  /** The user's zone the local time is read in, and that time. */
  zone: string;
  local: string;
  /** 0–1: the signals combined with the forest's verdict. */
  score: number;
  /** The Isolation Forest's anomaly score (0.5 ordinary, → 1 isolated); NaN when not run. */
  forest: number;
  signals: Signal[];
  /** Whose baseline: the user's, or `peers: <group>` for a user with little history. */
  baseline: string;
  service: boolean;
};

export type LogonScoring = {
  /** Every logon of the scoring days, in time order. */
  scored: ScoredLogon[];
  users: number;
  serviceAccounts: string[];
  days: number;
  firstScoredDay?: number;
};

const DAY = 86_400_000;
const WINDOW = 30 * 60_000;
export const FEATURES = [
  'hour_surprise',
  'hours_outside',
  'weekend',
  'country_novelty',
  'city_novelty',
  'workstation_novelty',
  'logon_type_novelty',
  'log_speed_kmh',
  'failures_before',
  'log_failing_users_from_source',
  'log_history_days',
  'failure',
] as const;

type UserState = {
  profile: UserProfile;
  last?: LastSeen;
  /** Times of this user's recent failures (the last 30 min are kept). */
  failures: number[];
};

export function scoreLogons(all: readonly PlacedLogon[], options: LogonScoringOptions = {}): LogonScoring {
  const logons = [...all].sort(
    (a, b) => a.timestamp - b.timestamp || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line),
  );
  const baselineDays = options.baselineDays ?? 7;
  const minDays = options.minHistoryDays ?? 5;
  const fallbackZone = options.timeZone ?? 'UTC';
  const spray = failingUsersNear(logons, WINDOW);
  const users = new Map<string, UserState>();
  const groups = new Map<string, UserProfile>();
  const scored: ScoredLogon[] = [];
  const rows: number[][] = [];
  if (logons.length === 0) return { scored, users: 0, serviceAccounts: [], days: 0 };
  const firstDay = Math.floor(logons[0].timestamp / DAY);
  const lastDay = Math.floor(logons[logons.length - 1].timestamp / DAY);
  const firstScoredDay = firstDay + baselineDays;

  const stateOf = (user: string): UserState => {
    const known = users.get(user);
    if (known) return known;
    const state: UserState = { profile: new UserProfile(), failures: [] };
    users.set(user, state);
    return state;
  };
  const groupOf = (logon: PlacedLogon, profile: UserProfile) =>
    logon.department ??
    profile.department ??
    options.departments?.get(logon.user) ??
    `site ${placeName(logon)}`;

  let i = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    const dayStart = i;
    for (; i < logons.length && logons[i].timestamp < (day + 1) * DAY; i++) {
      const logon = logons[i];
      const state = stateOf(logon.user);
      const t = logon.timestamp;
      state.failures = state.failures.filter((f) => f >= t - WINDOW);
      if (day >= firstScoredDay) {
        const own = state.profile;
        const peers = own.days.size < minDays;
        const group = groupOf(logon, own);
        const profile = peers ? (groups.get(group) ?? own) : own;
        const zone = zoneOf(own, logon, fallbackZone);
        const clock = localClock(t, zone);
        const service = isServiceAccount(own);
        const hours = hourFacts(profile, clock);
        const input = {
          logon,
          clock,
          profile,
          peers,
          service,
          previous: state.last,
          failuresBefore: state.failures.length,
          failingUsersFromSource: spray[i],
        };
        const signals = signalsOf(input, hours);
        scored.push({
          logon,
          zone,
          local: clock.text,
          score: combine(signals.map((s) => s.strength)),
          forest: Number.NaN,
          signals,
          baseline: peers ? `peers: ${group}` : 'own',
          service,
        });
        rows.push(featuresOf(input, hours, own));
      }
      if (logon.outcome === 'failure') state.failures.push(t);
      else if (logon.place.latitude !== undefined && logon.place.longitude !== undefined)
        state.last = {
          timestamp: t,
          latitude: logon.place.latitude,
          longitude: logon.place.longitude,
          name: placeName(logon),
          vpn: logon.place.vpn === true,
        };
    }
    // The day is scored: now it becomes history.
    for (let j = dayStart; j < i; j++)
      learn(logons[j], stateOf(logons[j].user).profile, day, fallbackZone, groups, groupOf);
  }

  if ((options.forest ?? true) && rows.length > 0) applyForest(scored, rows, options.seed ?? 1);
  const serviceAccounts = [...users]
    .filter(([, s]) => isServiceAccount(s.profile))
    .map(([u]) => u)
    .sort();
  return {
    scored,
    users: users.size,
    serviceAccounts,
    days: lastDay - firstDay + 1,
    firstScoredDay: firstScoredDay * DAY,
  };
}

function learn(
  logon: PlacedLogon,
  profile: UserProfile,
  day: number,
  fallbackZone: string,
  groups: Map<string, UserProfile>,
  groupOf: (l: PlacedLogon, p: UserProfile) => string,
): void {
  if (logon.outcome !== 'success') return;
  const zone = zoneOf(profile, logon, fallbackZone);
  const targets = [profile];
  const group = groupOf(logon, profile);
  if (!groups.has(group)) groups.set(group, new UserProfile());
  targets.push(groups.get(group) as UserProfile);
  if (logon.department) profile.department = logon.department;
  const clock = localClock(logon.timestamp, zone);
  for (const p of targets) {
    (clock.weekend ? p.weekend : p.weekday)[Math.floor(clock.hour)]++;
    p.countries.add(logon.place.vpn ? undefined : logon.place.country);
    p.cities.add(logon.place.vpn ? undefined : logon.place.city);
    p.workstations.add(logon.workstation || undefined);
    p.logonTypes.add(logon.logonType ? String(logon.logonType) : undefined);
    p.zones.add(logon.place.vpn ? undefined : logon.place.timeZone);
    const { latitude, longitude, country } = logon.place;
    if (latitude !== undefined && longitude !== undefined) {
      const name = placeName(logon);
      if (!p.places.has(name)) p.places.set(name, { name, latitude, longitude, country });
    }
    p.utcHours[new Date(logon.timestamp).getUTCHours()]++;
    p.days.add(day);
    p.logons++;
  }
}

/** The user's usual zone (where most of their located logons were), else this logon's, else the fallback. */
function zoneOf(profile: UserProfile, logon: PlacedLogon, fallback: string): string {
  return profile.zones.top(1)[0] ?? (logon.place.vpn ? undefined : logon.place.timeZone) ?? fallback;
}

/**
 * A service account, recognised by its regularity: logons around the clock (20 or more of the 24
 * UTC hours) on most of its days, many a day. People sleep.
 */
export function isServiceAccount(p: UserProfile): boolean {
  if (p.days.size < 3) return false;
  let hoursUsed = 0;
  for (const n of p.utcHours) if (n > 0) hoursUsed++;
  return hoursUsed >= 20 && p.logons / p.days.size >= 12;
}

export function combine(strengths: readonly number[]): number {
  return 1 - strengths.reduce((keep, s) => keep * (1 - s), 1);
}

function featuresOf(input: Parameters<typeof signalsOf>[0], hours: HourFacts, own: UserProfile): number[] {
  const { logon, profile, previous } = input;
  const place = logon.place;
  const novelty = (tally: UserProfile['countries'], key: string | undefined) =>
    key ? 1 - tally.share(key) : 0;
  let speed = 0;
  if (
    previous &&
    place.latitude !== undefined &&
    place.longitude !== undefined &&
    !place.vpn &&
    !previous.vpn
  ) {
    const km = distanceKm(previous.latitude, previous.longitude, place.latitude, place.longitude);
    speed = km / Math.max((logon.timestamp - previous.timestamp) / 3_600_000, 1 / 60);
  }
  return [
    -Math.log10(hours.probability),
    hours.outside,
    input.clock.weekend ? 1 : 0,
    place.vpn ? 0 : novelty(profile.countries, place.country),
    place.vpn ? 0 : novelty(profile.cities, place.city),
    novelty(profile.workstations, logon.workstation || undefined),
    novelty(profile.logonTypes, logon.logonType ? String(logon.logonType) : undefined),
    Math.log1p(speed),
    input.failuresBefore,
    Math.log1p(input.failingUsersFromSource),
    Math.log1p(own.days.size),
    logon.outcome === 'failure' ? 1 : 0,
  ];
}

/**
 * The forest learns what ordinary logons look like from a sample of the scored ones (anomalies
 * are few) and adds its verdict to the signals' — as supporting evidence, so it reorders logons the
 * signals find alike, but cannot alone outweigh a named signal.
 */
function applyForest(scored: ScoredLogon[], rows: number[][], seed: number): void {
  const SAMPLE = 20_000;
  const sample = rows.length <= SAMPLE ? rows : pickSample(rows, SAMPLE, seed);
  const forest = IsolationForest.fit(sample, { trees: 100, sampleSize: 256, seed });
  scored.forEach((s, k) => {
    s.forest = forest.score(rows[k]);
    const lift = Math.max(0, (s.forest - 0.5) / 0.5) * 0.5;
    s.score = combine([s.score, lift]);
  });
}

function pickSample(rows: number[][], n: number, seed: number): number[][] {
  // Every k-th row from a seeded offset: spread over the whole period, reproducible.
  const step = rows.length / n;
  const offset = (seed % 997) / 997;
  return Array.from(
    { length: n },
    (_, k) => rows[Math.min(rows.length - 1, Math.floor((k + offset) * step))],
  );
}
