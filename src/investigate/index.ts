/**
 * Investigate: questions answered across sources — ingest → detect → findings with evidence. Sigma
 * investigations have their own front door, `./sigma/index.ts`, loaded only by the commands that
 * run rules (its types are here too).
 */
export type { Finding } from './brute-force/findings.ts';
export type { BruteForceQuery, BruteForceReport } from './brute-force/run.ts';
export { investigateBruteForce } from './brute-force/run.ts';
export type {
  RuleSummary,
  RuleTestFailure,
  RuleTestQuery,
  RuleTestReport,
  RuleTestResult,
  SigmaEvidence,
  SigmaFileReport,
  SigmaFinding,
  SigmaQuery,
  SigmaReport,
} from './sigma/index.ts';
