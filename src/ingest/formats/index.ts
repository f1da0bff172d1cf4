/** The log formats Picket reads: one file each, registered here. Sniffing tries them in this order. */
import { PicketError } from '../../core/errors.ts';
import { accessLogFormat } from './access-log.ts';
import { authLogFormat } from './auth-log.ts';
import type { Format } from './format.ts';

export type { Format, FormatContext, LineParser, LoginSink } from './format.ts';

export const FORMATS: readonly Format[] = [authLogFormat, accessLogFormat];

export function formatByName(name: string): Format | PicketError {
  return (
    FORMATS.find((f) => f.name === name) ??
    new PicketError('USAGE', `unknown --format '${name}' (known: ${FORMATS.map((f) => f.name).join(', ')})`)
  );
}
