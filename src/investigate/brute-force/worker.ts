/**
 * Worker thread: produces the login attempts of the streams it is given, through the port it is
 * given (its other end is the merge's: feeds.ts linkedFeeds), with credit-based backpressure.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { LogStream } from '../../ingest/index.ts';
import { type AttemptBatch, toBatch } from './attempt-batch.ts';
import { type ProduceOptions, produceAttempts } from './produce.ts';

export type WorkerInput = {
  streams: { id: number; stream: LogStream }[];
  opts: ProduceOptions;
  port: MessagePort;
};
export type WorkerMessage =
  | { type: 'batch'; id: number; batch: AttemptBatch }
  | { type: 'file'; id: number; report: unknown }
  | { type: 'progress'; id: number; bytes: number }
  | { type: 'done'; id: number; late: number }
  | { type: 'failed'; id: number; message: string };

/** Batches a stream may have in flight before it waits for the merge to take one: slack for the pipeline. */
export const CREDIT = 16;

// Started early (parser-worker.ts), a worker gets its input as its first message.
const input =
  (workerData as WorkerInput | null) ??
  (parentPort ? await new Promise<WorkerInput>((r) => parentPort?.once('message', r)) : null);
if (input?.port) {
  const port = input.port;
  const inFlight = new Map<number, number>();
  const waiting = new Map<number, () => void>();
  port.on('message', (m: { type: 'ack'; id: number }) => {
    inFlight.set(m.id, (inFlight.get(m.id) ?? 0) - 1);
    waiting.get(m.id)?.();
    waiting.delete(m.id);
  });
  const post = (m: WorkerMessage) => port.postMessage(m);
  await Promise.all(
    input.streams.map(async ({ id, stream }) => {
      try {
        let lastProgress = 0;
        const late = await produceAttempts(stream, input.opts, {
          batch: async (columns) => {
            const { batch, transfer } = toBatch(columns);
            port.postMessage({ type: 'batch', id, batch } satisfies WorkerMessage, transfer);
            inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
            while ((inFlight.get(id) ?? 0) >= CREDIT) await new Promise<void>((r) => waiting.set(id, r));
          },
          file: (report) => post({ type: 'file', id, report }),
          progress: (bytes) => {
            if (bytes - lastProgress < 8 << 20) return;
            lastProgress = bytes;
            post({ type: 'progress', id, bytes });
          },
        });
        post({ type: 'done', id, late });
      } catch (err) {
        post({ type: 'failed', id, message: (err as Error).stack ?? String(err) });
      }
    }),
  );
  port.close();
}
