/**
 * Where the merge gets each stream's attempts from: producers in this thread, or parsing workers
 * linked to it by a MessagePort each.
 */
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import type { AttemptColumns } from '../../detect/index.ts';
import type { FileReport, LogStream } from '../../ingest/index.ts';
import { type AttemptBatch, fromBatch } from './attempt-batch.ts';
import { Channel } from './channel.ts';
import { startParser } from './parser-worker.ts';
import { type ProduceOptions, produceAttempts } from './produce.ts';
import type { WorkerInput, WorkerMessage } from './worker.ts';

export type StreamFeed = { take(): Promise<AttemptColumns | undefined> };

/** What producers report besides attempts, per stream id. */
export type FeedEvents = {
  file(id: number, report: FileReport): void;
  progress(id: number, bytes: number): void;
  late(n: number): void;
};

/**
 * Feeds by stream id (only the ids a producer was given), and a promise settled once every
 * producer is done (rejected when one failed).
 */
export type Feeds = { feeds: StreamFeed[]; finished: Promise<void> };

/** A parsing worker's end of the link: the streams it produces and the port their batches come through. */
export type ParserLink = { port: MessagePort; streams: number[] };

/** Feeds of the streams `ids` of `streams`, produced in this thread. */
export function inlineFeeds(
  streams: LogStream[],
  ids: number[],
  opts: ProduceOptions,
  on: FeedEvents,
): Feeds {
  const channels: Channel<AttemptColumns>[] = [];
  for (const id of ids) channels[id] = new Channel<AttemptColumns>(2);
  const finished = Promise.all(
    ids.map(async (id) => {
      const stream = streams[id];
      try {
        const late = await produceAttempts(stream, opts, {
          batch: (b) => channels[id].put(b),
          file: (r) => on.file(id, r),
          progress: (b) => on.progress(id, b),
        });
        on.late(late);
      } finally {
        channels[id].close();
      }
    }),
  ).then(() => undefined);
  return { feeds: channels as StreamFeed[], finished };
}

/** Feeds by stream id from each of `parts`, finished when all are. */
export function joinFeeds(parts: Feeds[]): Feeds {
  const feeds: StreamFeed[] = [];
  for (const part of parts)
    part.feeds.forEach((feed, id) => {
      feeds[id] = feed;
    });
  return { feeds, finished: Promise.all(parts.map((p) => p.finished)).then(() => undefined) };
}

/**
 * Starts `threads` parsing workers for the streams `ids` of `streams`, balanced by bytes (biggest
 * first, each to the least-loaded worker); returns the workers and the other ends of their links,
 * for `linkedFeeds`.
 */
export function spawnParsers(
  streams: LogStream[],
  ids: number[],
  opts: ProduceOptions,
  threads: number,
): { workers: Worker[]; links: ParserLink[] } {
  const load = Array.from({ length: threads }, () => 0);
  const assigned: WorkerInput['streams'][] = Array.from({ length: threads }, () => []);
  const order = ids.map((id) => ({ id, s: streams[id], bytes: streamBytes(streams[id]) }));
  for (const { id, s, bytes } of order.sort((a, b) => b.bytes - a.bytes)) {
    const w = load.indexOf(Math.min(...load));
    load[w] += bytes;
    assigned[w].push({ id, stream: s });
  }
  const workers: Worker[] = [];
  const links: ParserLink[] = [];
  for (const mine of assigned) {
    const { port1, port2 } = new MessageChannel();
    workers.push(startParser({ streams: mine, opts, port: port1 }, [port1]));
    links.push({ port: port2, streams: mine.map((m) => m.id) });
  }
  return { workers, links };
}

/** Feeds of the streams whose parsing workers are at the other end of `links`. */
export function linkedFeeds(links: ParserLink[], streams: LogStream[], on: FeedEvents): Feeds {
  const channels: Channel<AttemptBatch>[] = [];
  for (const link of links)
    for (const id of link.streams) channels[id] = new Channel(Number.POSITIVE_INFINITY);
  const portOf: MessagePort[] = [];
  const finished = Promise.all(
    links.map(
      (link) =>
        new Promise<void>((resolve, reject) => {
          let open = link.streams.length;
          const ended = (id: number) => {
            channels[id].close();
            if (--open === 0) link.port.close();
          };
          for (const id of link.streams) portOf[id] = link.port;
          link.port.on('close', () => {
            if (open === 0) return;
            for (const id of link.streams) channels[id].close();
            reject(
              new Error(
                `a parsing worker stopped before its streams were read (${link.streams.map((id) => streams[id].name).join(', ')})`,
              ),
            );
          });
          link.port.on('message', (m: WorkerMessage) => {
            if (m.type === 'batch') void channels[m.id].put(m.batch);
            else if (m.type === 'file') on.file(m.id, m.report as FileReport);
            else if (m.type === 'progress') on.progress(m.id, m.bytes);
            else if (m.type === 'done') {
              on.late(m.late);
              ended(m.id);
              if (open === 0) resolve();
            } else if (m.type === 'failed') {
              ended(m.id);
              reject(new Error(`worker failed on stream ${streams[m.id].name}: ${m.message}`));
            }
          });
        }),
    ),
  ).then(() => undefined);
  const feeds: StreamFeed[] = channels.map((ch, id) => ({
    async take() {
      const batch = await ch.take();
      if (!batch) return undefined;
      portOf[id].postMessage({ type: 'ack', id });
      return fromBatch(batch);
    },
  }));
  return { feeds, finished };
}

/** A stream's bytes on disk (compressed parts as they are). */
export function streamBytes(stream: LogStream): number {
  return stream.files.reduce((n, f) => n + (f.size ?? 0), 0);
}
