import { Command } from 'commander';
import { PicketError } from '../core/errors.ts';
import { styleFor } from '../report/text.ts';
import { collect, parsePlaceholders } from './flags.ts';

type PlaceholderFlags = { placeholder: string[] };

export function rulesCommand(): Command {
  const rules = new Command('rules').description(
    'Work with Sigma rules: check that they compile, run their tests.',
  );
  rules
    .command('check')
    .description(
      'Compile Sigma rule files and list every rejected rule with file, line and reason. Exit 1 when any is rejected.',
    )
    .argument('<paths...>', 'rule files or directories (searched recursively for *.yml, *.yaml)')
    .option(
      '--placeholder <name=values>',
      "values of an `expand` placeholder, comma-separated, e.g. Admins='adm_*,root' (repeatable)",
      collect,
      [],
    )
    .option('--json', 'one JSON document: counts and the rejected rules')
    .action(async (paths: string[], flags: PlaceholderFlags & { json?: boolean }) => {
      const placeholders = parsePlaceholders(flags.placeholder);
      const { CorrelationEngine, FieldTable, loadRules } = await import('../detect/sigma/index.ts');
      const { renderRulesCheck } = await import('../report/rules.ts');
      const started = performance.now();
      const loaded = await loadRules(paths, new FieldTable(), { placeholders }).catch(
        (e: NodeJS.ErrnoException) => {
          throw new PicketError(
            'INPUT_NOT_FOUND',
            `cannot read rules: ${e.message}`,
            e.path ? { file: e.path } : undefined,
          );
        },
      );
      const ms = performance.now() - started;
      // A correlation naming a rule that is not loaded (or a cycle) is rejected too.
      loaded.rejected.push(...new CorrelationEngine(loaded.correlations, loaded.rules).rejected);
      process.stdout.write(renderRulesCheck(loaded, ms, flags.json === true, styleFor(process.stdout)));
      process.exitCode = loaded.rejected.length > 0 ? 1 : 0;
    });
  rules
    .command('test')
    .description(
      "Run the test events of Sigma rules: each rule's `tests:` (match and no_match records), and SigmaHQ regression cases " +
        '(folders with info.yml and .json events). Exit 1 when any test fails.',
    )
    .argument(
      '[paths...]',
      "rule files or folders, and regression-case folders (default: Picket's own rules)",
    )
    .option(
      '--mapping <file>',
      'Sigma field mappings (Picket fieldmappings YAML or a pySigma pipeline; repeatable)',
      collect,
      [],
    )
    .option(
      '--placeholder <name=values>',
      'values of an `expand` placeholder, comma-separated (repeatable)',
      collect,
      [],
    )
    .option('--json', 'one JSON document: every result and failure')
    .action(async (paths: string[], flags: PlaceholderFlags & { mapping: string[]; json?: boolean }) => {
      const { testRules } = await import('../investigate/sigma/index.ts');
      const { renderRuleTests } = await import('../report/sigma.ts');
      const report = await testRules({
        paths,
        mappingPaths: flags.mapping,
        placeholders: parsePlaceholders(flags.placeholder),
      });
      process.stdout.write(renderRuleTests(report, flags.json === true, styleFor(process.stdout)));
      process.exitCode = report.results.some((r) => r.failures.length > 0) ? 1 : 0;
    });
  return rules;
}
