/**
 * Logons from a CSV export, streamed (gzip by magic): PowerShell's `#TYPE` line skipped, the header
 * mapped to logon fields (columns.ts), and every row that is not understood counted and sampled
 * with its line. A file that ends inside a quoted value yields its rows before it and an error.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { type Info, parse } from 'csv-parse';
import { type ErrorInfo, errorInfo, PicketError } from '../../core/errors.ts';
import type { Logon } from '../../core/logon.ts';
import type { LineSample } from '../parse-file.ts';
import { type ColumnMap, chooseColumns, type LogonField, normalize } from './columns.ts';
import { logonOf } from './logon-of.ts';

export type LogonReadOptions = {
  /** `--map` overrides: field → column. */
  columns?: ColumnMap;
  /** Zone of times written without one; default UTC. */
  timeZone?: string;
  /** Keep machine accounts (`WS01$`). */
  includeMachines?: boolean;
};

/** What reading one file of logons gave. */
export type LogonReadReport = {
  path: string;
  rows: number;
  logons: number;
  /** Rows that are not people's logons: machine and system accounts, other event ids. */
  skipped: Record<string, number>;
  /** Rows not understood (no time, wrong column count, …), and a few of them. */
  notUnderstood: number;
  samples: LineSample[];
  /** The column chosen for each field. */
  columns: ColumnMap;
  error?: ErrorInfo;
};

const SAMPLES = 3;
/** EvtxECmd keeps an event's data as JSON in one `Payload` column: its names, when no column has them. */
const PAYLOAD_FIELDS: Partial<Record<LogonField, string>> = {
  user: 'TargetUserName',
  domain: 'TargetDomainName',
  sourceIp: 'IpAddress',
  workstation: 'WorkstationName',
  logonType: 'LogonType',
  authPackage: 'AuthenticationPackageName',
};

export async function readLogonCsv(
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
  const timeZone = options.timeZone ?? 'UTC';
  let header: string[] | undefined;
  let index: Partial<Record<LogonField, number>> = {};
  let payload = -1;
  let lastLine = 0;
  let lastEmpty = 0;
  const note = (line: number, reason: string, record: string[]) => {
    report.notUnderstood++;
    if (report.samples.length < SAMPLES)
      report.samples.push({ line, reason, text: record.join(',').slice(0, 200) });
  };

  const onRecord = ({ record, info }: { record: string[]; info: Info }) => {
    const line = lastLine + 1 + (info.empty_lines - lastEmpty);
    lastLine = info.lines;
    lastEmpty = info.empty_lines;
    if (!header) {
      if (record.length === 1 && record[0].startsWith('#TYPE')) return;
      header = record;
      report.columns = chooseColumns(header, options.columns ?? {}, path);
      index = Object.fromEntries(
        Object.entries(report.columns).map(([field, column]) => [field, header?.indexOf(column as string)]),
      );
      // EvtxECmd: its UserName and RemoteHost columns are the subject's, the target's are in Payload.
      payload = header.findIndex((c) => normalize(c) === 'payload');
      if (payload >= 0)
        for (const f of Object.keys(PAYLOAD_FIELDS) as LogonField[])
          if (options.columns?.[f] === undefined) {
            report.columns[f] = `Payload.${PAYLOAD_FIELDS[f]}`;
            delete index[f];
          }
      return;
    }
    report.rows++;
    if (record.length !== header.length) {
      note(line, `${record.length} values for ${header.length} columns`, record);
      return;
    }
    let data: Record<string, string> | undefined;
    const value = (field: LogonField): string | undefined => {
      const i = index[field];
      if (i !== undefined) return record[i];
      if (payload < 0 || !PAYLOAD_FIELDS[field]) return undefined;
      data ??= payloadData(record[payload]);
      return data[PAYLOAD_FIELDS[field]];
    };
    const verdict = logonOf(value, {
      columns: report.columns,
      file: path,
      line,
      timeZone,
      includeMachines: options.includeMachines ?? false,
    });
    if ('logon' in verdict) {
      into.push(verdict.logon);
      report.logons++;
    } else if ('skip' in verdict) report.skipped[verdict.skip] = (report.skipped[verdict.skip] ?? 0) + 1;
    else note(line, verdict.bad, record);
  };

  const parser = parse({ info: true, relax_column_count: true, skip_empty_lines: true, bom: true });
  parser.on('data', onRecord);
  try {
    const gzip = await isGzip(path);
    await (gzip
      ? pipeline(createReadStream(path), createGunzip(), parser)
      : pipeline(createReadStream(path), parser));
  } catch (err) {
    if (err instanceof PicketError && err.code === 'USAGE') throw err;
    report.error = errorOf(err, path, lastLine + 1);
  }
  if (!header && !report.error)
    report.error = errorInfo(
      new PicketError('INPUT_UNREADABLE', 'no header line: not a CSV export', { file: path }),
    );
  return report;
}

function payloadData(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    const data = JSON.parse(text)?.EventData?.Data;
    for (const d of Array.isArray(data) ? data : [data]) {
      const name = d?.['@Name'];
      if (typeof name === 'string') out[name] = String(d['#text'] ?? '');
    }
  } catch {
    // not JSON: the row's logon fields are simply absent, and it is reported as not understood
  }
  return out;
}

async function isGzip(path: string): Promise<boolean> {
  const file = await open(path);
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await file.close();
  }
}

function errorOf(err: unknown, path: string, line: number): ErrorInfo {
  if (err instanceof PicketError) return errorInfo(err);
  const e = err as NodeJS.ErrnoException & { lines?: number };
  if (e.code === 'ENOENT')
    return errorInfo(new PicketError('INPUT_NOT_FOUND', 'no such file', { file: path }));
  if (e.code === 'EACCES' || e.code === 'EISDIR')
    return errorInfo(new PicketError('INPUT_UNREADABLE', e.message, { file: path }));
  const truncated =
    e.code === 'CSV_QUOTE_NOT_CLOSED' || e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message);
  return errorInfo(
    new PicketError(
      truncated ? 'INPUT_TRUNCATED' : 'INPUT_UNREADABLE',
      `${e.message}; the rows before it were read`,
      {
        file: path,
        line: e.lines ?? line,
      },
    ),
  );
}
