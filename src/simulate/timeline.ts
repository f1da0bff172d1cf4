/**
 * What the generator wrote, kept twice: the log lines, and beside them every counted login attempt
 * those lines stand for. The ground truth is computed from the second list only, so it never
 * depends on parsing the first.
 */

export type LogName = 'web' | 'ssh';

/** One counted attempt as DEFINITIONS.md counts it: `count` > 1 only for `message repeated N times`. */
export type Attempt = {
  address: string;
  log: LogName;
  t: number;
  count: number;
  outcome: 'failure' | 'success';
};

export type Line = {
  log: LogName;
  /** The moment printed in the line. */
  t: number;
  /** When the server wrote it: later than `t` for the few lines a real server writes late. */
  writtenAt: number;
  /** Emission order, to keep same-second lines of one session in order. */
  seq: number;
  text: string;
};

export class Timeline {
  readonly lines: Line[] = [];
  readonly attempts: Attempt[] = [];
  #seq = 0;

  write(log: LogName, t: number, text: string, lateMs = 0): void {
    // Both formats print whole seconds; a sub-second moment would be truncated in the file and the
    // ground truth would then disagree with it at window edges.
    if (t % 1000 !== 0 || lateMs < 0) throw new Error(`scenario bug: unprintable moment ${t} (+${lateMs})`);
    this.lines.push({ log, t, writtenAt: t + lateMs, seq: this.#seq++, text });
  }

  failure(address: string, log: LogName, t: number, count = 1): void {
    this.attempts.push({ address, log, t, count, outcome: 'failure' });
  }

  success(address: string, log: LogName, t: number): void {
    this.attempts.push({ address, log, t, count: 1, outcome: 'success' });
  }

  /** One log's lines in the order the server wrote them. */
  fileOrder(log: LogName): Line[] {
    return this.lines.filter((l) => l.log === log).sort((a, b) => a.writtenAt - b.writtenAt || a.seq - b.seq);
  }
}
