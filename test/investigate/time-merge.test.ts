// TimeMerge: streams read in turns, their items merged in time order — against sorting them all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ReorderBuffer } from '../../src/detect/index.ts';
import { TimeMerge } from '../../src/investigate/sigma/time-merge.ts';

type Item = { ts: number; stream: number; i: number };

/**
 * Reads `streams` (each a list of chunks of times, in order within the stream) through a
 * TimeMerge as investigate does: each stream awaits its turn, pushes a chunk's items, advances to
 * its newest time, and so on; all streams run at once. Returns what came out.
 */
async function merged(streams: number[][][], open?: number): Promise<Item[]> {
  const out: Item[] = [];
  const merge = new TimeMerge<Item>(streams.length, (x) => out.push(x), open);
  await Promise.all(
    streams.map(async (chunks, s) => {
      let i = 0;
      await merge.turn(s);
      for (const chunk of chunks) {
        for (const ts of chunk) merge.push(s, { ts, stream: s, i: i++ });
        if (chunk.length > 0) merge.advance(s, chunk[chunk.length - 1]);
        await merge.turn(s);
      }
      merge.end(s);
    }),
  );
  return out;
}

/** A stream: sorted times cut into chunks (some empty). */
const stream = fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 30 }).chain((times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return fc.array(fc.integer({ min: 0, max: sorted.length }), { maxLength: 5 }).map((cuts) => {
    const at = [0, ...[...cuts].sort((a, b) => a - b), sorted.length];
    return at.slice(1).map((end, k) => sorted.slice(at[k], end));
  });
});

test('TimeMerge gives every item once, in time order, equal times by stream then arrival', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(stream, { minLength: 1, maxLength: 6 }), async (streams) => {
      const got = await merged(streams);
      const all = streams.flatMap((chunks, s) => chunks.flat().map((ts, i) => ({ ts, stream: s, i })));
      const want = all.sort((a, b) => a.ts - b.ts || a.stream - b.stream || a.i - b.i);
      assert.deepEqual(got, want);
    }),
    { numRuns: 300 },
  );
});

test('TimeMerge with fewer streams open than given: each item once, each stream in its order', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(stream, { minLength: 1, maxLength: 6 }),
      fc.integer({ min: 1, max: 3 }),
      async (streams, open) => {
        const got = await merged(streams, open);
        assert.equal(got.length, streams.flat(2).length);
        for (let s = 0; s < streams.length; s++)
          assert.deepEqual(
            got.filter((x) => x.stream === s).map((x) => x.ts),
            streams[s].flat(),
          );
        // One open at a time is reading one stream after the other.
        if (open === 1)
          assert.deepEqual(
            got.map((x) => x.ts),
            streams.flat(2),
          );
      },
    ),
    { numRuns: 200 },
  );
});

test('ReorderBuffer.advance releases what is latenessMs older than the time reached', () => {
  const out: number[] = [];
  const b = new ReorderBuffer<{ ts: number }>(10);
  b.push({ ts: 5 }, (x) => out.push(x.ts));
  b.push({ ts: 3 }, (x) => out.push(x.ts));
  assert.equal(out.length, 0);
  b.advance(14, (x) => out.push(x.ts)); // horizon 4: releases 3
  assert.deepEqual([out, b.horizon], [[3], 4]);
  b.advance(15, (x) => out.push(x.ts)); // horizon 5: releases 5
  assert.deepEqual(out, [3, 5]);
});
