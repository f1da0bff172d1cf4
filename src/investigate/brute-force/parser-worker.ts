/**
 * Parsing workers' threads: which module, how much young heap, and one started ahead of its input.
 * Imports nothing of Picket's at run time, so that the command's entry can start a worker first.
 */
import { type TransferListItem, Worker } from 'node:worker_threads';
import type { WorkerInput } from './worker.ts';

/**
 * Young heap of the parsing workers, in MiB: they make short-lived garbage only, and 16 MiB keeps
 * it in cache and RSS down (measured: −15% RSS, no slower, on bench/bruteforce at 1 GiB).
 */
const YOUNG_MB = 16;

/** The worker module next to this one: `.ts` when run from source, `.js` when compiled. */
const WORKER_URL = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

let early: { worker: Worker; dead: boolean } | undefined;

/**
 * Starts a parsing worker now, before its input is known: a worker takes ~0.1 s to start (Node's
 * own start-up, then its modules), which then overlaps the main thread's loading of the program
 * (2,000 lines: 0.33 → 0.21–0.25 s; bench/bruteforce at 1 GiB: ×0.98). Not holding the process
 * open: a command that needs no worker exits as before.
 */
export function startParserEarly(): void {
  const worker = new Worker(WORKER_URL, {
    workerData: null,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
  });
  const state = { worker, dead: false };
  // A failure before it has work is not the command's: the worker is then started anew.
  const died = () => {
    state.dead = true;
  };
  worker.once('error', died).once('exit', died).unref();
  early = state;
}

/** A parsing worker for `input`: the one started early while it is alive, else a new one. */
export function startParser(input: WorkerInput, transfer: TransferListItem[]): Worker {
  const taken = early;
  early = undefined;
  if (taken && !taken.dead) {
    taken.worker.ref();
    taken.worker.postMessage(input, transfer);
    return taken.worker;
  }
  return new Worker(WORKER_URL, {
    workerData: input,
    transferList: transfer,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
  });
}
