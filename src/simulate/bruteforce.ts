/**
 * `picket simulate bruteforce`: a labelled four-day scenario (Dec 30 2025 → Jan 2 2026) of web and
 * SSH logs, rotated as logrotate leaves them, with the ground truth DEFINITIONS.md implies.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PicketError } from '../core/errors.ts';
import { Random } from '../core/random.ts';
import { addBenignTraffic } from './benign/index.ts';
import { END, START } from './clock.ts';
import { buildGroundTruth, type GroundTruth, type Label } from './ground-truth.ts';
import { PLANTED } from './planted/index.ts';
import { writeRotated } from './rotate.ts';
import { HOST, SshWriter } from './ssh.ts';
import { Timeline } from './timeline.ts';
import { WebWriter } from './web.ts';
import type { Writers } from './writers.ts';

export const DEFAULT_SEED = 1;

export type SimulateOptions = {
  outDir: string;
  /** Same seed and scale → the same bytes in every file. Default 1. */
  seed?: number;
  /** Multiplies the benign traffic (scale 1 ≈ 3,000–4,000 lines per log). Planted cases never change. */
  scale?: number;
};

/**
 * Writes access.log{,.1,.2.gz}, auth.log{,.1,.2.gz} and ground-truth.json into `outDir`.
 *
 * @example
 * const truth = await simulateBruteforce({ outDir: '/tmp/scenario', seed: 7 });
 * truth.expected.perLog.find((f) => f.address === '203.0.113.21');
 * // → { address: '203.0.113.21', log: 'ssh', peakCount: 11, compromised: false }
 */
export async function simulateBruteforce(opts: SimulateOptions): Promise<GroundTruth> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const scale = opts.scale ?? 1;
  if (!Number.isSafeInteger(seed)) throw new PicketError('USAGE', `--seed must be an integer, got ${seed}`);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1000) {
    throw new PicketError('USAGE', `--scale must be a number above 0 and at most 1000, got ${scale}`);
  }

  const tl = new Timeline();
  const rng = new Random(seed);
  const writers: Writers = { ssh: new SshWriter(tl, rng), web: new WebWriter(tl, rng), rng };
  const labels = new Map<string, Label>();
  const label = (l: Label) => {
    if (labels.has(l.address)) throw new Error(`scenario bug: ${l.address} labelled twice`);
    labels.set(l.address, l);
  };

  // Planted cases first, so their ports and pids depend on the seed only, not on the scale.
  for (const { plant, ...caseLabel } of PLANTED) {
    label(caseLabel);
    plant(writers);
  }
  addBenignTraffic(writers, scale, label);

  await mkdir(opts.outDir, { recursive: true });
  const files = [
    ...(await writeRotated(opts.outDir, tl, 'web', 'access.log')),
    ...(await writeRotated(opts.outDir, tl, 'ssh', 'auth.log')),
  ];
  const truth = buildGroundTruth({
    seed,
    scale,
    scenario: {
      start: new Date(START).toISOString(),
      end: new Date(END).toISOString(),
      timeZone: 'UTC',
      host: HOST,
    },
    files,
    attempts: tl.attempts,
    labels: [...labels.values()],
  });
  await writeFile(join(opts.outDir, 'ground-truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
  return truth;
}
