import type { LoginAttempt } from '../../detect/index.ts';

/**
 * Attempts packed column-wise for the trip from a worker to the main thread: typed arrays move as
 * transferred buffers, and each string column as one string joined by newlines (no address or
 * user name holds one: they come from single lines). Cloning one long string is a copy; cloning an
 * array of short ones costs per string, and that cost fell on the parsing worker, the slowest
 * thread. The main thread splits them and rebuilds the objects the detector reads.
 */
export type AttemptBatch = {
  ts: Float64Array;
  line: Float64Array;
  count: Float64Array;
  /** bit 0: ssh (else web); bit 1: success (else failure); bit 2: has a user. */
  flags: Uint8Array;
  file: Uint16Array;
  files: string[];
  /** Newline-joined, one per attempt. */
  address: string;
  /** Newline-joined, one per attempt that has a user (flags bit 2). */
  user: string;
};

export function packAttempts(attempts: LoginAttempt[]): { batch: AttemptBatch; transfer: ArrayBuffer[] } {
  const n = attempts.length;
  // One buffer for every numeric column: one allocation and one transfer per batch.
  const buffer = new ArrayBuffer(n * 27);
  const batch: AttemptBatch = {
    ts: new Float64Array(buffer, 0, n),
    line: new Float64Array(buffer, n * 8, n),
    count: new Float64Array(buffer, n * 16, n),
    file: new Uint16Array(buffer, n * 24, n),
    flags: new Uint8Array(buffer, n * 26, n),
    files: [],
    address: '',
    user: '',
  };
  const address: string[] = new Array(n);
  const user: string[] = [];
  let lastFile: string | undefined;
  let f = -1;
  for (let i = 0; i < n; i++) {
    const a = attempts[i];
    batch.ts[i] = a.ts;
    batch.line[i] = a.line;
    batch.count[i] = a.count;
    batch.flags[i] =
      (a.log === 'ssh' ? 1 : 0) | (a.outcome === 'success' ? 2 : 0) | (a.user !== undefined ? 4 : 0);
    if (a.file !== lastFile) {
      // A batch is one chunk's attempts: one file, rarely two.
      lastFile = a.file;
      f = batch.files.indexOf(a.file);
      if (f < 0) f = batch.files.push(a.file) - 1;
    }
    batch.file[i] = f;
    address[i] = a.address;
    if (a.user !== undefined) user.push(a.user);
  }
  batch.address = address.join('\n');
  batch.user = user.join('\n');
  return { batch, transfer: [buffer] };
}

export function unpackAttempts(b: AttemptBatch): LoginAttempt[] {
  const out: LoginAttempt[] = new Array(b.ts.length);
  const address = b.address.split('\n');
  const user = b.user.split('\n');
  let u = 0;
  for (let i = 0; i < out.length; i++) {
    const flags = b.flags[i];
    out[i] = {
      ts: b.ts[i],
      log: flags & 1 ? 'ssh' : 'web',
      address: address[i],
      user: flags & 4 ? user[u++] : undefined,
      outcome: flags & 2 ? 'success' : 'failure',
      count: b.count[i],
      file: b.files[b.file[i]],
      line: b.line[i],
    };
  }
  return out;
}
