/** Investigate: questions answered across sources — ingest → detect → findings with evidence. */
export type { Finding } from './brute-force/findings.ts';
export type { BruteForceQuery, BruteForceReport } from './brute-force/run.ts';
export { investigateBruteForce } from './brute-force/run.ts';
