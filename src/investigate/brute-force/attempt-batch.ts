import type { AttemptColumns } from '../../detect/index.ts';

/** One attempt as a producer holds it while restoring time order: numbers, and its file. */
export type Attempt = {
  ts: number;
  line: number;
  count: number;
  /** AttemptColumns.flags without bit 2 (set here when `other` is). */
  flags: number;
  file: string;
  /** An IPv4 address as an unsigned number; -1 when the address is `other`. */
  ipv4: number;
  other: string | undefined;
  /** The user's number in the stream, -1 for none. */
  user: number;
};

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
function columns(buffer: ArrayBuffer, n: number, files: string[], others: string[], users: string[]) {
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

/**
 * Attempts as columns; the numeric ones share one buffer. `users` names the stream's user numbers
 * first given since the last batch.
 */
export function attemptColumns(attempts: Attempt[], users: string[]): AttemptColumns {
  const n = attempts.length;
  const c = columns(new ArrayBuffer(n * 35), n, [], [], users);
  let lastFile: string | undefined;
  let f = -1;
  for (let i = 0; i < n; i++) {
    const a = attempts[i];
    c.ts[i] = a.ts;
    c.line[i] = a.line;
    c.count[i] = a.count;
    c.user[i] = a.user;
    if (a.other === undefined) {
      c.address[i] = a.ipv4;
      c.flags[i] = a.flags;
    } else {
      c.address[i] = c.others.push(a.other) - 1;
      c.flags[i] = a.flags | 4;
    }
    if (a.file !== lastFile) {
      // A batch is one chunk's attempts: one file, rarely two.
      lastFile = a.file;
      f = c.files.indexOf(a.file);
      if (f < 0) f = c.files.push(a.file) - 1;
    }
    c.file[i] = f;
  }
  return c;
}
