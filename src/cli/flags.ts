import { PicketError } from '../core/errors.ts';
import { assertTimeZone } from '../core/time.ts';

// Helpers every command may use: this module loads nothing heavy, so a command's own work (Sigma,
// the simulator) is imported by its action only when run — `picket investigate`'s start-up is part
// of every run's time.

export type SigmaFlags = {
  sigma?: boolean;
  rules: string[];
  builtinRules: boolean;
  mapping: string[];
  placeholder: string[];
};

/** Any Sigma option (or leaving Picket's own rules out) asks for the Sigma investigation. */
export function wantsSigma(f: SigmaFlags): boolean {
  return (
    f.sigma === true ||
    f.rules.length > 0 ||
    f.mapping.length > 0 ||
    f.placeholder.length > 0 ||
    !f.builtinRules
  );
}

/** Commander's collector of a repeatable option. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parsePlaceholders(specs: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new PicketError('USAGE', `--placeholder must be name=value[,value…], got '${spec}'`);
    out[spec.slice(0, eq)] = spec.slice(eq + 1).split(',');
  }
  return out;
}

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
