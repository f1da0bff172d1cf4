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
  const batch: AttemptBatch = {
    ts: new Float64Array(n),
    line: new Float64Array(n),
    count: new Float64Array(n),
    flags: new Uint8Array(n),
    file: new Uint16Array(n),
    files: [],
    address: '',
    user: '',
  };
  const address: string[] = new Array(n);
  const user: string[] = [];
  const fileIndex = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const a = attempts[i];
    batch.ts[i] = a.ts;
    batch.line[i] = a.line;
    batch.count[i] = a.count;
    batch.flags[i] =
      (a.log === 'ssh' ? 1 : 0) | (a.outcome === 'success' ? 2 : 0) | (a.user !== undefined ? 4 : 0);
    let f = fileIndex.get(a.file);
    if (f === undefined) {
      f = batch.files.push(a.file) - 1;
      fileIndex.set(a.file, f);
    }
    batch.file[i] = f;
    address[i] = a.address;
    if (a.user !== undefined) user.push(a.user);
  }
  batch.address = address.join('\n');
  batch.user = user.join('\n');
  const transfer = [batch.ts, batch.line, batch.count, batch.flags, batch.file].map(
    (a) => a.buffer as ArrayBuffer,
  );
  return { batch, transfer };
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
