import { Command } from 'commander';
import { PicketError } from '../core/errors.ts';
import { parseColumnOverrides } from '../ingest/logons/index.ts';
import { evaluate, readGroundTruth } from '../investigate/logons/evaluate.ts';
import { investigateLogons, type LogonQuery } from '../investigate/logons/index.ts';
import { alertJson, renderLogonAlerts, renderLogonSummary } from '../report/logons.ts';
import { styleFor } from '../report/text.ts';
import { collect } from './flags.ts';

export type UebaFlags = {
  map: string[];
  tz: string;
  sites?: string;
  directory?: string;
  geoDb?: string;
  baselineDays: string;
  minHistory: string;
  top: string;
  threshold: string;
  seed: string;
  forest: boolean;
  includeMachines?: boolean;
  truth?: string;
  json?: boolean;
  jsonl?: boolean;
  failOnFindings?: boolean;
};

export function uebaCommand(): Command {
  return new Command('ueba')
    .description(
      'Logon anomalies: users who logged on from unusual places or at atypical hours compared with their own baseline\n' +
        '(Windows logon events 4624/4625/4648 from CSV exports, JSON/NDJSON or Windows event JSON).',
    )
    .argument('<inputs...>', 'files of logon events')
    .option(
      '--map <field=column>',
      'column for a field, e.g. time=TimeCreated,user=Account_Name (repeatable)',
      collect,
      [],
    )
    .option(
      '--tz <zone>',
      'IANA zone of times written without one, and of users seen only on internal addresses',
      'UTC',
    )
    .option('--sites <file>', 'CSV of cidr,site,kind(office|vpn),country,city,latitude,longitude,timezone')
    .option('--directory <file>', 'CSV with user,department: peer groups for users with little history')
    .option(
      '--geo-db <file>',
      'an .mmdb city database (e.g. GeoLite2-City) instead of the shipped DB-IP Lite',
    )
    .option('--baseline-days <n>', 'first days only learned from, not scored', '7')
    .option('--min-history <n>', 'users with fewer days of history are compared with their peers', '5')
    .option('--top <k>', 'alerts per day, at most', '10')
    .option('--threshold <x>', 'least score (0-1) an alert needs', '0.5')
    .option('--seed <n>', 'isolation forest seed', '1')
    .option('--no-forest', 'explainable signals only, no isolation forest')
    .option('--include-machines', 'keep machine accounts (NAME$)')
    .option(
      '--truth <file>',
      "a scenario's ground-truth.json: print precision, recall and PR-AUC per anomaly kind",
    )
    .option('--json', 'one JSON document: alerts, summary, evaluation')
    .option('--jsonl', 'one alert per line')
    .option('--fail-on-findings', 'exit 1 when there are alerts')
    .action(runUeba);
}

/** `picket ueba`, and `picket investigate` given logon exports. */
export async function runUeba(inputs: string[], flags: UebaFlags): Promise<void> {
  const started = performance.now();
  const report = await investigateLogons(queryOf(inputs, flags));
  const evaluation = flags.truth ? evaluate(report, await readGroundTruth(flags.truth)) : undefined;
  const elapsed = performance.now() - started;
  if (flags.json) {
    const { scored: _s, alerts, ...rest } = report;
    process.stdout.write(
      `${JSON.stringify({ ...rest, scoredLogons: report.scored.length, alerts: alerts.map(alertJson), evaluation }, null, 2)}\n`,
    );
  } else if (flags.jsonl) {
    for (const a of report.alerts) process.stdout.write(`${JSON.stringify(alertJson(a))}\n`);
  } else {
    const style = styleFor(process.stdout);
    process.stdout.write(renderLogonAlerts(report, style));
    process.stderr.write(renderLogonSummary(report, elapsed));
    if (evaluation) process.stdout.write(renderEvaluation(evaluation));
  }
  if (report.files.some((f) => f.error)) process.exitCode = 2;
  else if (flags.failOnFindings && report.alerts.length > 0) process.exitCode = 1;
}

/** The defaults of `picket ueba`, for `picket investigate`. */
export const UEBA_DEFAULTS: UebaFlags = {
  map: [],
  tz: 'UTC',
  baselineDays: '7',
  minHistory: '5',
  top: '10',
  threshold: '0.5',
  seed: '1',
  forest: true,
};

function queryOf(inputs: string[], f: UebaFlags): LogonQuery {
  const int = (name: string, text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0)
      throw new PicketError('USAGE', `${name} must be a whole number, got '${text}'`);
    return n;
  };
  const threshold = Number(f.threshold);
  if (!(threshold >= 0 && threshold <= 1))
    throw new PicketError('USAGE', `--threshold must be within 0-1, got '${f.threshold}'`);
  try {
    new Intl.DateTimeFormat('en', { timeZone: f.tz });
  } catch {
    throw new PicketError('USAGE', `--tz: unknown time zone '${f.tz}'`);
  }
  return {
    inputs,
    columns: parseColumnOverrides(f.map),
    timeZone: f.tz,
    includeMachines: f.includeMachines,
    sites: f.sites,
    directory: f.directory,
    geoDatabase: f.geoDb,
    baselineDays: int('--baseline-days', f.baselineDays),
    minHistoryDays: int('--min-history', f.minHistory),
    top: int('--top', f.top),
    threshold,
    seed: int('--seed', f.seed),
    forest: f.forest,
  };
}

function renderEvaluation(e: ReturnType<typeof evaluate>): string {
  const pct = (x: number) => (Number.isNaN(x) ? '—' : `${(x * 100).toFixed(1)}%`);
  const rows = [...e.kinds, e.all].map(
    (k) =>
      `  ${k.kind.padEnd(26)} ${String(k.positives).padStart(6)}  ${k.prAuc.toFixed(3).padStart(6)}  ${pct(k.precision).padStart(7)}  ${pct(k.recall).padStart(7)}`,
  );
  return `\nAgainst the ground truth (${e.benign} benign logons scored; ${e.alertsPerDayPer1000.toFixed(1)} alerts per day per 1,000 users):\n  ${'kind'.padEnd(26)} ${'logons'.padStart(6)}  ${'PR-AUC'.padStart(6)}  ${'precision'.padStart(7)}  ${'recall'.padStart(7)}\n${rows.join('\n')}\n`;
}
