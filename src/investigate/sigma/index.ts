/** Sigma investigations: rules over logs and JSON records → findings grouped by rule; rule tests. */
export { BUILTIN_RULES, builtinRulesPath } from './builtin.ts';
export type { RuleSummary, SigmaEvidence, SigmaFinding } from './findings.ts';
export { LEVELS } from './findings.ts';
export type { RuleTestFailure, RuleTestQuery, RuleTestReport, RuleTestResult } from './rule-tests.ts';
export { testRules } from './rule-tests.ts';
export type { SigmaFileReport, SigmaQuery, SigmaReport } from './run.ts';
export { investigateSigma } from './run.ts';
