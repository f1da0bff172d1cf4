/** Windows logon events from CSV exports, JSON/NDJSON and Windows event JSON, as `Logon`s. */
import { open } from 'node:fs/promises';
import type { Logon } from '../../core/logon.ts';
import { normalize } from './columns.ts';
import { type LogonReadOptions, type LogonReadReport, readLogonCsv } from './read-csv.ts';
import { readLogonJson } from './read-json.ts';

export {
  type ColumnMap,
  KNOWN_COLUMNS,
  LOGON_FIELDS,
  type LogonField,
  parseColumnOverrides,
} from './columns.ts';
export { parseTime } from './logon-of.ts';
export type { LogonReadOptions, LogonReadReport } from './read-csv.ts';

/** Reads each file (CSV or JSON, told apart by their first character) into `into`. */
export async function readLogons(
  paths: readonly string[],
  into: Logon[],
  options: LogonReadOptions = {},
): Promise<LogonReadReport[]> {
  const reports: LogonReadReport[] = [];
  for (const path of paths)
    reports.push(await ((await looksLikeJson(path)) ? readLogonJson : readLogonCsv)(path, into, options));
  return reports;
}

/**
 * Whether a file is an export of logon events: a CSV header (after PowerShell's `#TYPE` line) with
 * a target-user column and a logon-type or event-id column, or JSON whose first record names
 * TargetUserName and a logon event id. `picket investigate` sends such files to the logon analytics.
 */
export async function isLogonExport(path: string): Promise<boolean> {
  let file: Awaited<ReturnType<typeof open>> | undefined;
  try {
    file = await open(path);
    if (!(await file.stat()).isFile()) return false;
    const { buffer, bytesRead } = await file.read(Buffer.alloc(8192), 0, 8192, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    if (/^\s*[[{]/.test(head)) return /TargetUserName/.test(head) && /\b462[45]\b/.test(head);
    const lines = head.split(/\r?\n/);
    const header = (lines[0].startsWith('#TYPE') ? lines[1] : lines[0]) ?? '';
    const columns = new Set(header.split(',').map((c) => normalize(c.replace(/"/g, ''))));
    const user = ['targetusername', 'accountname', 'payload'].some((c) => columns.has(c));
    const kind = ['logontype', 'eventid', 'eventcode', 'id'].some((c) => columns.has(c));
    return user && kind;
  } catch {
    return false;
  } finally {
    await file?.close();
  }
}

/** JSON starts with `{` or `[` (after a BOM or blank space); a CSV header never does. */
async function looksLikeJson(path: string): Promise<boolean> {
  let file: Awaited<ReturnType<typeof open>> | undefined;
  try {
    file = await open(path);
    const { buffer, bytesRead } = await file.read(Buffer.alloc(256), 0, 256, 0);
    if (buffer[0] === 0x1f && buffer[1] === 0x8b) return /\.json(l)?(\.gz)?$|\.ndjson(\.gz)?$/i.test(path);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    return head.startsWith('{') || head.startsWith('[');
  } catch {
    return false; // the CSV reader reports why the file cannot be read
  } finally {
    await file?.close();
  }
}
