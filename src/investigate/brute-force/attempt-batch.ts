import type { AttemptColumns } from '../../detect/index.ts';

/**
 * Attempts as they cross threads: the numeric columns in one transferred buffer (one view each
 * would be serialized one by one), and the few strings.
 */
export type AttemptBatch = Pick<AttemptColumns, 'files' | 'others' | 'users'> & {
  buffer: ArrayBuffer;
  n: number;
};

export function toBatch(c: AttemptColumns): { batch: AttemptBatch; transfer: ArrayBuffer[] } {
  const buffer = c.ts.buffer as ArrayBuffer;
  return {
    batch: { buffer, n: c.ts.length, files: c.files, others: c.others, users: c.users },
    transfer: [buffer],
  };
}

export function fromBatch(b: AttemptBatch): AttemptColumns {
  return columns(b.buffer, b.n, b.files, b.others, b.users);
}

/** The columns of `n` attempts over `buffer` (35 bytes an attempt). */
export function columns(buffer: ArrayBuffer, n: number, files: string[], others: string[], users: string[]) {
  return {
    ts: new Float64Array(buffer, 0, n),
    line: new Float64Array(buffer, n * 8, n),
    count: new Float64Array(buffer, n * 16, n),
    address: new Uint32Array(buffer, n * 24, n),
    user: new Int32Array(buffer, n * 28, n),
    file: new Uint16Array(buffer, n * 32, n),
    flags: new Uint8Array(buffer, n * 34, n),
    files,
    others,
    users,
  };
}
