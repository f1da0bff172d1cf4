/** Sigma: rule files → compiled rules → matches on records. */

export type {
  CorrelationAlert,
  CorrelationBounds,
  CorrelationExpression,
  CorrelationRule,
  CorrelationType,
} from './correlation.ts';
export { CORRELATION_TYPES, parseCorrelation } from './correlation.ts';
export type { CorrelationInput, CorrelationOptions } from './correlation-engine.ts';
export { CorrelationEngine } from './correlation-engine.ts';
export { routes, SigmaEngine } from './engine.ts';
export type { CompileOptions, Test } from './field-test.ts';
export type { Loaded, Rejected } from './load.ts';
export { compileRuleTexts, loadRules, ruleFiles } from './load.ts';
export type { LoadedMappings, MappingIssue } from './mapping-files.ts';
export { loadMappings, parseMappings } from './mapping-files.ts';
export type { Aliases, FieldMapping } from './mappings.ts';
export { builtinMapping, picketLogsource, SigmaMappings, sigmaRecord, withAliases } from './mappings.ts';
export { RuleError } from './pattern.ts';
export type { DetectionRule, FilterRule, RuleInfo, RuleLogsource } from './rule.ts';
export { FieldTable, Subject } from './subject.ts';
export { windowsLogsource } from './windows-logsource.ts';
