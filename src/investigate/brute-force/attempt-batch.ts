import type { LoginAttempt } from '../../detect/index.ts';

/**
 * Attempts packed column-wise for the trip from a worker to the main thread: typed arrays move as
 * transferred buffers and strings as flat arrays, several times cheaper to clone than one object
 * per attempt (the objects are rebuilt on the other side, where the detector needs them).
 */
export type AttemptBatch = {
  ts: Float64Array;
  line: Float64Array;
  count: Float64Array;
  /** bit 0: ssh (else web); bit 1: success (else failure); bit 2: has a user. */
  flags: Uint8Array;
  file: Uint16Array;
  files: string[];
  address: string[];
  user: string[];
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
    address: new Array(n),
    user: [],
  };
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
    batch.address[i] = a.address;
    if (a.user !== undefined) batch.user.push(a.user);
  }
  const transfer = [batch.ts, batch.line, batch.count, batch.flags, batch.file].map(
    (a) => a.buffer as ArrayBuffer,
  );
  return { batch, transfer };
}

export function unpackAttempts(b: AttemptBatch): LoginAttempt[] {
  const out: LoginAttempt[] = new Array(b.ts.length);
  let u = 0;
  for (let i = 0; i < out.length; i++) {
    const flags = b.flags[i];
    out[i] = {
      ts: b.ts[i],
      log: flags & 1 ? 'ssh' : 'web',
      address: b.address[i],
      user: flags & 4 ? b.user[u++] : undefined,
      outcome: flags & 2 ? 'success' : 'failure',
      count: b.count[i],
      file: b.files[b.file[i]],
      line: b.line[i],
    };
  }
  return out;
}
