/** The log formats Picket reads: one file each, registered here. Sniffing tries them in this order. */
import { PicketError } from '../../core/errors.ts';
import { accessLogFormat } from './access-log.ts';
import { authLogFormat } from './auth-log.ts';
import type { Format, FormatContext } from './format.ts';

export type { Format, FormatContext, LineParser, LoginSink } from './format.ts';

export const FORMATS: readonly Format[] = [authLogFormat, accessLogFormat];

/** How many of a file's first lines its format is sniffed from. */
export const SNIFF_LINES = 50;

/** The format that reads `sample` (a file's first lines) best, when one reads at least half of it. */
export function bestFormat(sample: string[], ctx: FormatContext): Format | undefined {
  let best: Format | undefined;
  let bestScore = 0;
  for (const f of FORMATS) {
    const score = f.sniff(sample, ctx);
    if (score > bestScore) [best, bestScore] = [f, score];
  }
  return bestScore >= 0.5 ? best : undefined;
}

export function formatByName(name: string): Format | PicketError {
  return (
    FORMATS.find((f) => f.name === name) ??
    new PicketError('USAGE', `unknown --format '${name}' (known: ${FORMATS.map((f) => f.name).join(', ')})`)
  );
}
