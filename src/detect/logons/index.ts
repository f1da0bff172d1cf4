/** Logon anomalies (UEBA): per-user baselines of place and hour, explainable signals, an isolation forest. */
export { distanceKm, type LocalClock, localClock } from './geometry.ts';
export { hourProbability, hoursOutside, smoothCircular, UserProfile, usualHours } from './profile.ts';
export {
  FEATURES,
  isServiceAccount,
  type LogonScoring,
  type LogonScoringOptions,
  type ScoredLogon,
  scoreLogons,
} from './score.ts';
export { LOGON_TYPES, type Signal, type SignalKind } from './signals.ts';
export { failingUsersNear } from './spray.ts';
