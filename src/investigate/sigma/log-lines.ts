import { PicketError } from '../../core/errors.ts';
import type { Event } from '../../core/event.ts';
import { FORMATS, type FormatContext, formatByName } from '../../ingest/index.ts';

/**
 * Raw log lines, in order, → the events one parser makes of them (so a pam_unix line and its
 * `Failed` line pair as in a file); syslog's year taken as 2024.
 */
export function logEvents(lines: readonly string[], format: unknown, file: string): Event[] | string {
  const ctx: FormatContext = { file, tz: 'UTC', year: 2024, interest: 'lines' };
  let chosen = FORMATS.find((f) => f.sniff([...lines], ctx) >= 0.5);
  if (format !== undefined) {
    const f = formatByName(String(format));
    if (f instanceof PicketError)
      return `format '${String(format)}' unknown (known: ${FORMATS.map((x) => x.name).join(', ')})`;
    chosen = f;
  }
  if (!chosen) return `no format of Picket's reads this line (${FORMATS.map((x) => x.name).join(', ')})`;
  const events: Event[] = [];
  const parser = chosen.createParser(ctx);
  for (const [i, line] of lines.entries()) {
    const reason = parser.parse(line, i + 1, (e) => events.push(e));
    const which = lines.length > 1 ? `line ${i + 1}` : 'the line';
    if (reason !== undefined) return `the ${chosen.name} parser does not understand ${which}: ${reason}`;
  }
  parser.end?.((e) => events.push(e));
  if (events.length === 0) return `the ${chosen.name} parser makes no event of this line`;
  return events;
}
