/** Sigma: rule files → compiled rules → matches on records. */

export { routes, SigmaEngine } from './engine.ts';
export type { CompileOptions, Test } from './field-test.ts';
export type { Loaded, Rejected } from './load.ts';
export { compileRuleTexts, loadRules, ruleFiles } from './load.ts';
export { RuleError } from './pattern.ts';
export type { DetectionRule, FilterRule, RuleInfo, RuleLogsource } from './rule.ts';
export { FieldTable, Subject } from './subject.ts';
