import { PicketError } from '../core/errors.ts';
import { assertTimeZone } from '../core/time.ts';

/** Checks `--tz` and `--year` (syslog's missing zone and year); returns the year as a number. */
export function timeFlags(tz: string, yearFlag: string | undefined): number | undefined {
  try {
    assertTimeZone(tz);
  } catch {
    throw new PicketError(
      'USAGE',
      `--tz '${tz}' is not an IANA time zone (e.g. UTC, Europe/Paris, America/New_York)`,
    );
  }
  const year = yearFlag === undefined ? undefined : Number(yearFlag);
  if (year !== undefined && !(Number.isInteger(year) && year >= 1970 && year <= 9999))
    throw new PicketError('USAGE', `--year must be a year, got '${yearFlag}'`);
  return year;
}
