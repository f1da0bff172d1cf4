/** Worker thread: the merge and the counting of one investigation, fed by parsing workers (see investigateBruteForce). */
import { parentPort, workerData } from 'node:worker_threads';
import { linkedFeeds } from './feeds.ts';
import { type DriverInput, type DriverMessage, investigateHere } from './run.ts';

const port = parentPort;
if (port) {
  const { question, plan, links } = workerData as DriverInput;
  const post = (m: DriverMessage) => port.postMessage(m);
  const report = await investigateHere(
    { ...question, progress: (done, total) => post({ type: 'progress', done, total }) },
    plan,
    (on) => linkedFeeds(links, plan.streams, on),
  );
  post({ type: 'report', report });
}
