import { Command, Option } from 'commander';
import { PicketError } from '../core/errors.ts';
import { parseDuration } from '../core/time.ts';
import { DEFAULT_LOGIN_PATHS } from '../detect/index.ts';
import { compileAccessFormat } from '../ingest/index.ts';
import { type BruteForceQuery, type BruteForceReport, investigateBruteForce } from '../investigate/index.ts';
import { renderCsv, renderJson, renderJsonl, renderSummary, renderTable } from '../report/brute-force.ts';
import { styleFor } from '../report/text.ts';
import { collect, type SigmaFlags, timeFlags, wantsSigma } from './flags.ts';
import { progressBar } from './progress.ts';

export type InvestigateFlags = {
  threshold: string;
  window: string;
  combined?: boolean;
  perLog?: boolean;
  maxLateness: string;
  tz: string;
  year?: string;
  format?: string;
  logFormat?: string;
  loginPaths?: string;
  login2xx: string;
  json?: boolean;
  jsonl?: boolean;
  csv?: boolean;
  failOnFindings?: boolean;
  threads: string;
  progress: boolean;
  quiet?: boolean;
};

export function investigateCommand(): Command {
  return new Command('investigate')
    .description(
      'Find every address that made more than N failed logins within any window W, in web access logs and OpenSSH auth logs.\n' +
        'With --sigma or --rules: run Sigma rules over the logs and JSON events instead, and list the rules that matched with their evidence.',
    )
    .argument(
      '<inputs...>',
      "files, directories (recursive), globs, or '-' for stdin; gzip is detected by content",
    )
    .option('-t, --threshold <n>', 'flag more than this many failures', '10')
    .option('-w, --window <duration>', 'sliding window, e.g. 5m, 300s, 1h', '5m')
    .option('--per-log', 'count each log on its own (default)')
    .option('--combined', 'count web and SSH failures together')
    .option(
      '--max-lateness <duration>',
      'how far out of order lines may arrive and still be counted exactly',
      '10m',
    )
    .option('--tz <zone>', 'IANA zone of timestamps that carry none (syslog)', 'UTC')
    .option('--year <yyyy>', "year of a syslog file's first line (default: inferred from the file's mtime)")
    .addOption(
      new Option(
        '--format <name>',
        'skip sniffing: read every file as this format (json: with Sigma rules)',
      ).choices(['access', 'auth', 'json']),
    )
    .option('--log-format <string>', 'custom Nginx log_format or Apache LogFormat for access logs')
    .option(
      '--login-paths <list>',
      `comma-separated login endpoint paths (default: ${DEFAULT_LOGIN_PATHS.join(',')})`,
    )
    .addOption(
      new Option('--login-2xx <reading>', 'how a 2xx answer to a login POST is read')
        .choices(['failure', 'success'])
        .default('failure'),
    )
    .option('--json', 'one JSON document: findings, files read, issues')
    .option('--jsonl', 'one finding per line')
    .option('--csv', 'one finding per row')
    .option('--fail-on-findings', 'exit 1 when anything is flagged')
    .option('--threads <n>', 'worker threads (0 = one per core)', '0')
    .option('--no-progress', 'no progress bar on stderr')
    .option('-q, --quiet', 'no run summary on stderr')
    .option(
      '--sigma',
      "run Sigma rules instead of the brute-force count: Picket's own rules (web attacks, failed and successful logins)",
    )
    .option(
      '--rules <path>',
      'also run the Sigma rules in this file or folder, e.g. a clone of SigmaHQ/sigma rules/ (repeatable; implies --sigma)',
      collect,
      [],
    )
    .option('--no-builtin-rules', "with --rules: leave Picket's own rules out")
    .option(
      '--mapping <file>',
      'Sigma field mappings: Picket `fieldmappings` YAML or a pySigma pipeline (field_name_mapping); repeatable, implies --sigma',
      collect,
      [],
    )
    .option(
      '--placeholder <name=values>',
      'values of a Sigma `expand` placeholder, comma-separated (repeatable; implies --sigma)',
      collect,
      [],
    )
    .addHelpText(
      'after',
      `
Examples:
  picket investigate access.log auth.log                      brute force: addresses over the threshold
  picket investigate --sigma access.log auth.log events.json  Picket's own Sigma rules
  picket investigate --rules ~/sigma/rules access.log         Picket's rules and SigmaHQ's
  picket investigate --rules my-rules --no-builtin-rules --mapping fields.yml events.ndjson

With Sigma rules, a file (or standard input) whose first character is '{' (or '[' opening a list of
objects) is read as JSON records (NDJSON, arrays, Windows events as JSON, CloudTrail log files);
others as access or auth logs. Exports of Windows logon events (CSV with TargetUserName and
LogonType or EventID columns, or such JSON) are analysed as \`picket ueba\` does. Exit codes:
0 done, 1 a rule matched (only with --fail-on-findings), 2 usage error or nothing readable.`,
    )
    .action(async (inputs: string[], flags: InvestigateFlags & SigmaFlags, cmd: Command) => {
      if (wantsSigma(flags)) return (await import('./sigma.ts')).investigateWithSigma(inputs, flags, cmd);
      if (await allLogonExports(inputs)) {
        const { runUeba, UEBA_DEFAULTS } = await import('./ueba.ts');
        const { json, jsonl, failOnFindings, tz } = flags;
        return runUeba(inputs, { ...UEBA_DEFAULTS, json, jsonl, failOnFindings, tz });
      }
      if (flags.format === 'json')
        throw new PicketError('USAGE', '--format json is read with Sigma rules: add --sigma');
      const query = toQuery(inputs, flags);
      const started = performance.now();
      const bar = flags.progress && !flags.quiet ? progressBar(process.stderr) : undefined;
      const report = await investigateBruteForce({ ...query, progress: bar?.update });
      bar?.done();
      process.stdout.write(render(report, flags, query));
      if (!flags.quiet)
        process.stderr.write(renderSummary(report, styleFor(process.stderr), performance.now() - started));
      process.exitCode = exitCode(report, flags);
    });
}

/** Exports of Windows logon events go to the logon analytics (`picket ueba`). */
async function allLogonExports(inputs: string[]): Promise<boolean> {
  const { isLogonExport } = await import('../ingest/logons/index.ts');
  const verdicts = await Promise.all(inputs.map((i) => (i === '-' ? false : isLogonExport(i))));
  return verdicts.length > 0 && verdicts.every(Boolean);
}

function render(report: BruteForceReport, flags: InvestigateFlags, q: BruteForceQuery): string {
  if (flags.json) {
    const { progress: _, ...question } = q;
    return renderJson(report, { ...question, mode: q.combined ? 'combined' : 'per-log' });
  }
  if (flags.jsonl) return renderJsonl(report);
  if (flags.csv) return renderCsv(report);
  return renderTable(report, styleFor(process.stdout));
}

/** 2 when nothing at all could be read; 1 for findings when asked; else 0. */
function exitCode(report: BruteForceReport, flags: InvestigateFlags): number {
  const readSomething = report.files.some((f) => f.lines > 0 && f.format !== undefined);
  if (!readSomething) return 2;
  return flags.failOnFindings && report.findings.length > 0 ? 1 : 0;
}

export function toQuery(inputs: string[], f: InvestigateFlags): BruteForceQuery {
  const usage = (msg: string) => new PicketError('USAGE', msg);
  const threshold = Number(f.threshold);
  if (!Number.isInteger(threshold) || threshold < 0)
    throw usage(`--threshold must be a whole number, got '${f.threshold}'`);
  const windowMs = parseDuration(f.window);
  if (!windowMs) throw usage(`--window must be a duration like 5m or 300s, got '${f.window}'`);
  const latenessMs = parseDuration(f.maxLateness);
  if (latenessMs === undefined)
    throw usage(`--max-lateness must be a duration like 10m, got '${f.maxLateness}'`);
  if (f.combined && f.perLog) throw usage('choose one of --per-log and --combined');
  const year = timeFlags(f.tz, f.year);
  if ([f.json, f.jsonl, f.csv].filter(Boolean).length > 1)
    throw usage('choose one of --json, --jsonl, --csv');
  // A bad format string is the user's error, said once, up front — not a puzzle per file.
  if (f.logFormat !== undefined) compileAccessFormat(f.logFormat);
  const threads = Number(f.threads);
  if (!Number.isInteger(threads) || threads < 0)
    throw usage(`--threads must be a whole number, got '${f.threads}'`);
  const loginPaths =
    f.loginPaths
      ?.split(',')
      .map((p) => p.trim())
      .filter(Boolean) ?? DEFAULT_LOGIN_PATHS;
  return {
    inputs,
    threshold,
    windowMs,
    combined: f.combined === true,
    latenessMs,
    tz: f.tz,
    year,
    format: f.format,
    logFormat: f.logFormat,
    policy: { loginPaths, login2xx: f.login2xx as 'failure' | 'success' },
    threads,
  };
}
