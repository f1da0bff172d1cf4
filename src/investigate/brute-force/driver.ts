/** Worker thread: one whole brute-force investigation, off the main thread (see investigateBruteForce). */
import { parentPort, workerData } from 'node:worker_threads';
import { type DriverInput, type DriverMessage, investigateHere } from './run.ts';

const port = parentPort;
if (port) {
  const post = (m: DriverMessage) => port.postMessage(m);
  const report = await investigateHere({
    ...(workerData as DriverInput),
    progress: (done, total) => post({ type: 'progress', done, total }),
  });
  post({ type: 'report', report });
}
