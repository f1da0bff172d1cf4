/**
 * Logons from JSON events: Windows events as `Event.System`/`Event.EventData` JSON (flattened by
 * the JSON reader to `EventID`, `TargetUserName`, …), Winlogbeat/ECS (`winlog.event_data.*`,
 * `source.ip`, `@timestamp`) or any NDJSON whose field names the column lists know.
 */
import type { Logon } from '../../core/logon.ts';
import type { FieldValue } from '../../core/record.ts';
import { readJsonRecords } from '../json-records.ts';
import { type ColumnMap, chooseColumns, type LogonField } from './columns.ts';
import { logonOf } from './logon-of.ts';
import type { LogonReadOptions, LogonReadReport } from './read-csv.ts';

const SAMPLES = 3;

export async function readLogonJson(
  path: string,
  into: Logon[],
  options: LogonReadOptions = {},
): Promise<LogonReadReport> {
  const report: LogonReadReport = {
    path,
    rows: 0,
    logons: 0,
    skipped: {},
    notUnderstood: 0,
    samples: [],
    columns: {},
  };
  // Records of one export share their field names: the choice is made once per set of names.
  const maps = new Map<string, ColumnMap>();
  const read = await readJsonRecords({ path }, (record) => {
    report.rows++;
    const names = Object.keys(record.fields);
    const key = names.join('\n');
    let columns = maps.get(key);
    if (!columns) {
      columns = chooseColumns(names, options.columns ?? {}, path);
      if (maps.size < 1000) maps.set(key, columns);
      report.columns = { ...columns, ...report.columns };
    }
    const value = (field: LogonField) => text(record.fields[columns[field] ?? '']);
    const verdict = logonOf(value, {
      columns,
      file: path,
      line: record.line,
      timeZone: options.timeZone ?? 'UTC',
      includeMachines: options.includeMachines ?? false,
    });
    if ('logon' in verdict) {
      into.push(verdict.logon);
      report.logons++;
    } else if ('skip' in verdict) report.skipped[verdict.skip] = (report.skipped[verdict.skip] ?? 0) + 1;
    else {
      report.notUnderstood++;
      if (report.samples.length < SAMPLES)
        report.samples.push({
          line: record.line,
          reason: verdict.bad,
          text: JSON.stringify(record.fields).slice(0, 200),
        });
    }
  });
  report.notUnderstood += read.notUnderstood;
  report.samples.push(...read.notUnderstoodSamples.slice(0, SAMPLES - report.samples.length));
  if (read.error) report.error = read.error;
  return report;
}

function text(value: FieldValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value.join(',') : String(value);
}
