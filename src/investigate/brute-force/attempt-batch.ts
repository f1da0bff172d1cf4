import type { AttemptColumns, LoginAttempt } from '../../detect/index.ts';

/**
 * Attempts packed column-wise for the trip from a worker to the main thread: typed arrays move as
 * transferred buffers, and each string column as one string joined by newlines (no address or
 * user name holds one: they come from single lines). Cloning one long string is a copy; cloning an
 * array of short ones costs per string, and that cost fell on the parsing worker, the slowest
 * thread. The main thread splits them back into the columns the detector reads.
 */
export type AttemptBatch = Omit<AttemptColumns, 'address' | 'user'> & {
  /** Newline-joined, one per attempt. */
  address: string;
  /** Newline-joined, one per attempt that has a user (flags bit 2). */
  user: string;
};

/** Attempts as columns; the numeric ones share one buffer (one allocation, one transfer). */
export function attemptColumns(attempts: LoginAttempt[]): AttemptColumns {
  const n = attempts.length;
  const buffer = new ArrayBuffer(n * 27);
  const c: AttemptColumns = {
    ts: new Float64Array(buffer, 0, n),
    line: new Float64Array(buffer, n * 8, n),
    count: new Float64Array(buffer, n * 16, n),
    file: new Uint16Array(buffer, n * 24, n),
    flags: new Uint8Array(buffer, n * 26, n),
    files: [],
    address: new Array(n),
    user: new Array(n),
  };
  let lastFile: string | undefined;
  let f = -1;
  for (let i = 0; i < n; i++) {
    const a = attempts[i];
    c.ts[i] = a.ts;
    c.line[i] = a.line;
    c.count[i] = a.count;
    c.flags[i] =
      (a.log === 'ssh' ? 1 : 0) | (a.outcome === 'success' ? 2 : 0) | (a.user !== undefined ? 4 : 0);
    if (a.file !== lastFile) {
      // A batch is one chunk's attempts: one file, rarely two.
      lastFile = a.file;
      f = c.files.indexOf(a.file);
      if (f < 0) f = c.files.push(a.file) - 1;
    }
    c.file[i] = f;
    c.address[i] = a.address;
    c.user[i] = a.user;
  }
  return c;
}

export function packAttempts(attempts: LoginAttempt[]): { batch: AttemptBatch; transfer: ArrayBuffer[] } {
  const c = attemptColumns(attempts);
  const users = c.user.filter((u) => u !== undefined);
  const batch: AttemptBatch = { ...c, address: c.address.join('\n'), user: users.join('\n') };
  return { batch, transfer: [c.ts.buffer as ArrayBuffer] };
}

export function unpackAttempts(b: AttemptBatch): AttemptColumns {
  const users = b.user.split('\n');
  const user: (string | undefined)[] = new Array(b.ts.length);
  for (let i = 0, u = 0; i < user.length; i++) user[i] = b.flags[i] & 4 ? users[u++] : undefined;
  return { ...b, address: b.address.split('\n'), user };
}
