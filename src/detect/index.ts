/** Detect: streaming windows and detectors over events. Knows events, never files or formats. */
export type { BruteForceHit, BruteForceOptions, KeySummary, PeakWindow } from './brute-force.ts';
export { BruteForceDetector } from './brute-force.ts';
export type { AttemptColumns, LoginAttempt, LoginPolicy, LogKind } from './login-attempts.ts';
export { DEFAULT_LOGIN_PATHS, DEFAULT_POLICY, loginAttemptOf, webOutcome } from './login-attempts.ts';
export { ReorderBuffer } from './reorder-buffer.ts';
export type { WindowSpan } from './sliding-window.ts';
export { SlidingWindows } from './sliding-window.ts';
