/** `picket investigate` with Sigma rules: flag checks, the run, output and exit code. */
import type { Command } from 'commander';
import { PicketError } from '../core/errors.ts';
import { compileAccessFormat } from '../ingest/index.ts';
import { investigateSigma, type SigmaQuery, type SigmaReport } from '../investigate/sigma/index.ts';
import { renderSigmaJson, renderSigmaJsonl, renderSigmaSummary, renderSigmaTable } from '../report/sigma.ts';
import { styleFor } from '../report/text.ts';
import { parsePlaceholders, type SigmaFlags, timeFlags } from './flags.ts';
import type { InvestigateFlags } from './investigate.ts';
import { progressBar } from './progress.ts';

/** Options of the brute-force count, which mean nothing to rules: refused when given. */
const BRUTE_FORCE_ONLY: [string, string][] = [
  ['threshold', '--threshold'],
  ['window', '--window'],
  ['combined', '--combined'],
  ['perLog', '--per-log'],
  ['maxLateness', '--max-lateness'],
  ['loginPaths', '--login-paths'],
  ['login2xx', '--login-2xx'],
  ['threads', '--threads'],
  ['csv', '--csv'],
];

export async function investigateWithSigma(
  inputs: string[],
  flags: InvestigateFlags & SigmaFlags,
  cmd: Command,
): Promise<void> {
  const query = toSigmaQuery(inputs, flags, cmd);
  const started = performance.now();
  const bar = flags.progress && !flags.quiet ? progressBar(process.stderr) : undefined;
  const report = await investigateSigma({ ...query, progress: bar?.update });
  bar?.done();
  if (flags.json) process.stdout.write(renderSigmaJson(report, query));
  else if (flags.jsonl) process.stdout.write(renderSigmaJsonl(report));
  else process.stdout.write(renderSigmaTable(report, styleFor(process.stdout)));
  if (!flags.quiet)
    process.stderr.write(renderSigmaSummary(report, styleFor(process.stderr), performance.now() - started));
  process.exitCode = exitCode(report, flags);
}

/** 2 when nothing at all could be read; 1 for findings when asked; else 0. */
function exitCode(report: SigmaReport, flags: InvestigateFlags): number {
  const readSomething = report.files.some((f) => f.lines > 0 && f.format !== undefined);
  if (!readSomething) return 2;
  return flags.failOnFindings && report.findings.length > 0 ? 1 : 0;
}

function toSigmaQuery(inputs: string[], f: InvestigateFlags & SigmaFlags, cmd: Command): SigmaQuery {
  const usage = (msg: string) => new PicketError('USAGE', msg);
  for (const [key, flag] of BRUTE_FORCE_ONLY)
    if (cmd.getOptionValueSource(key) === 'cli')
      throw usage(
        `${flag} belongs to the brute-force count, not to Sigma rules (--sigma, --rules, --mapping)`,
      );
  if (!f.builtinRules && f.rules.length === 0)
    throw usage('--no-builtin-rules leaves no rule to run: add --rules <path>');
  if (f.json && f.jsonl) throw usage('choose one of --json, --jsonl');
  const year = timeFlags(f.tz, f.year);
  if (f.logFormat !== undefined) compileAccessFormat(f.logFormat);
  return {
    inputs,
    rulePaths: f.rules,
    builtinRules: f.builtinRules,
    mappingPaths: f.mapping,
    placeholders: parsePlaceholders(f.placeholder),
    tz: f.tz,
    year,
    format: f.format,
    logFormat: f.logFormat,
  };
}
