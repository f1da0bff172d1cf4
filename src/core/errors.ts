/** Errors that say where: every input problem names its file (and line, when there is one). */

export type Where = { file: string; line?: number; column?: number };

export type ErrorCode =
  | 'INPUT_NOT_FOUND'
  | 'INPUT_UNREADABLE'
  | 'INPUT_TRUNCATED'
  | 'INPUT_BINARY'
  | 'FORMAT_UNKNOWN'
  | 'FORMAT_STRING_INVALID'
  | 'MODEL_INVALID'
  | 'USAGE';

export class PicketError extends Error {
  readonly code: ErrorCode;
  readonly where?: Where;
  constructor(code: ErrorCode, message: string, where?: Where, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PicketError';
    this.code = code;
    this.where = where;
  }
}

/** A PicketError as plain data: what survives a worker's postMessage and goes into JSON output. */
export type ErrorInfo = { code: ErrorCode; message: string; where?: Where };

export function errorInfo(err: PicketError): ErrorInfo {
  return { code: err.code, message: err.message, where: err.where };
}

export function formatWhere(where: Where | undefined): string {
  if (!where) return '';
  let s = where.file;
  if (where.line !== undefined) s += `:${where.line}`;
  if (where.column !== undefined) s += `:${where.column}`;
  return s;
}

/** `file:line CODE message`, the one way Picket prints an error. */
export function formatError(err: ErrorInfo): string {
  const at = formatWhere(err.where);
  return `${at ? `${at} ` : ''}${err.code} ${err.message}`;
}
