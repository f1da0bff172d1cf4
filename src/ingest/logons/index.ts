/** Windows logon events from CSV exports, JSON/NDJSON and Windows event JSON, as `Logon`s. */
import { open } from 'node:fs/promises';
import type { Logon } from '../../core/logon.ts';
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
