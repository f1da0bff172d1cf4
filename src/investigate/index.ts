/** Investigate: questions answered across sources — ingest → detect → findings with evidence. */
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
export { BUILTIN_RULES, investigateSigma, LEVELS, testRules } from './sigma/index.ts';
